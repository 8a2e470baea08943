import type { JobStatusValue } from "./common.ts";

/** What people read for each status (portal, emails, console). */
export const JOB_STATUS_LABELS: Record<JobStatusValue, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  quality_check: "Quality check",
  ready_for_pickup: "Ready for pickup",
  completed: "Completed",
};

/** Names people read for the editable job fields (conflicts, audit, forms). */
export const JOB_FIELD_LABELS = {
  title: "Title",
  description: "Description",
  quantity: "Quantity",
  specialInstructions: "Special instructions",
  specifications: "Specifications",
  estimatedCompletion: "Estimated completion",
  ownerId: "Owner",
  rush: "Rush",
  customerNotes: "Notes for the customer",
  shopNotes: "Internal shop notes",
} as const;

/** Names people read for the editable customer fields. */
export const CUSTOMER_FIELD_LABELS = {
  name: "Name",
  company: "Company",
  email: "Email",
  phone: "Phone",
  address: "Address",
} as const;
