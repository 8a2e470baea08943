import type { JobStatusValue } from "./common.ts";
import type { QuoteStatusValue } from "./quotes.ts";

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

/** What people read for each audited action (the audit screens); unknown ones show as recorded. */
/** A quote request's state as customers and staff read it. */
export const QUOTE_STATUS_LABELS: Record<QuoteStatusValue, string> = {
  requested: "Waiting for a price",
  quoted: "Price quoted",
  declined: "Declined",
  accepted: "Accepted",
  converted: "Job created",
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "auth.login.success": "Signed in",
  "auth.login.failure": "Sign-in failed",
  "auth.logout": "Signed out",
  "auth.password.change": "Changed password",
  "auth.password.change.failure": "Password change refused",
  "auth.reset.request": "Asked for a password reset",
  "auth.token.redeem": "Used an invite or reset link",
  "customer.email.preference": "Changed email preferences",
  "customer.email.unsubscribe": "Unsubscribed from emails",
  "customer.history.view": "Viewed job history",
  "customer.job.view": "Viewed a job",
  "customer.job.rate": "Rated a job",
  "customer.dashboard.view": "Viewed active jobs",
  "customer.message.send": "Sent a message",
  "customer.quote.accept": "Accepted a quote",
  "customer.quote.file": "Added a file to a quote request",
  "customer.quote.request": "Asked for a quote",
  "email.outbox.retry": "Retried an email",
  "staff.customer.create": "Created a customer",
  "staff.customer.invite": "Invited a customer to the portal",
  "staff.customer.setPortalEnabled": "Changed portal access",
  "staff.customer.update": "Edited a customer",
  "staff.job.create": "Created a job",
  "staff.job.delete": "Deleted a job",
  "staff.job.setProgress": "Changed progress",
  "staff.job.setStatus": "Changed status",
  "staff.job.update": "Edited a job",
  "staff.message.reply": "Answered a message",
  "staff.quote.convert": "Turned a quote request into a job",
  "staff.quote.decline": "Declined a quote request",
  "staff.quote.quote": "Quoted a price",
  "staff.photo.add": "Added a photo",
  "staff.proof.send": "Sent a proof",
  "staff.job.proofOverride": "Moved a job on without the proof's approval",
  "customer.proof.view": "Viewed a proof",
  "customer.proof.approve": "Approved a proof",
  "customer.proof.requestChanges": "Asked for changes to a proof",
  "staff.photo.remove": "Removed a photo",
  "staff.photo.setVisibility": "Changed who sees a photo",
  "staff.settings.update": "Changed shop settings",
  "staff.user.create": "Added a staff member",
  "staff.user.deactivate": "Deactivated a staff member",
  "staff.user.resetPassword": "Reset a staff password",
};

/** Field labels for every audited record kind (changed fields are shown by these names). */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  ...JOB_FIELD_LABELS,
  ...CUSTOMER_FIELD_LABELS,
  status: "Status",
  progress: "Progress",
  shopName: "Shop name",
  phone: "Phone",
  hours: "Opening hours",
  logoUrl: "Logo",
  photosEnabled: "Customers see photos",
  customerIdleMinutes: "Customer idle timeout",
  staffIdleMinutes: "Staff idle timeout",
  timeZone: "Time zone",
  portalEnabled: "Portal access",
  visibleToCustomer: "Customer can see",
};
