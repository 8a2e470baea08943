import { z } from "zod";

/** Statuses in workflow order (mirrors @traveler/db; kept here so browsers need no db import). */
export const JOB_STATUS_VALUES = [
  "not_started",
  "in_progress",
  "quality_check",
  "ready_for_pickup",
  "completed",
] as const;
export const jobStatusSchema = z.enum(JOB_STATUS_VALUES);
export type JobStatusValue = z.infer<typeof jobStatusSchema>;

/** Human job numbers, e.g. J-2025-0142. */
export const jobNumberSchema = z
  .string()
  .trim()
  .regex(/^J-\d{4}-\d{4,9}$/, "Enter a job number like J-2025-0142.");

/** A calendar day 'YYYY-MM-DD' that exists. */
export const dateOnlySchema = z.iso
  .date("Enter a date as YYYY-MM-DD.")
  .refine((d) => d >= "1900-01-01" && d <= "2999-12-31", "Enter a date between 1900 and 2999.");

export const isoTimestampSchema = z.string();

export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const emailSchema = z.string().trim().max(254).pipe(z.email("Enter a valid email address."));

export const idempotencyKeySchema = z.string().min(8).max(200).optional();

export const photoVariantSchema = z.enum(["thumb", "full"]);

export const shopContactSchema = z.object({
  name: z.string(),
  phone: z.string(),
  email: z.string(),
  address: z.string(),
  hours: z.string(),
  logoUrl: z.string().nullable(),
  /** IANA name: dates and times on the pages are in shop time. */
  timeZone: z.string(),
  /** ISO 4217 code: prices on the pages are in the shop's currency. */
  currency: z.string(),
});
export type ShopContactOutput = z.infer<typeof shopContactSchema>;

export const specificationSchema = z.object({
  name: z.string().trim().min(1).max(100),
  value: z.string().trim().max(500),
});
