import { z } from "zod";
import { idSchema, isoTimestampSchema } from "./common.ts";

/** Email preferences and the outbox (issue 6). Browser-safe: no server imports. */
export const NOTIFY_PREFERENCE_VALUES = ["all", "milestones", "none"] as const;
export const notifyPreferenceSchema = z.enum(NOTIFY_PREFERENCE_VALUES, {
  error: "Choose all updates, milestones only, or no emails.",
});
export type NotifyPreferenceValue = z.infer<typeof notifyPreferenceSchema>;

export const EMAIL_STATUS_VALUES = [
  "queued",
  "sending",
  "sent",
  "failed",
  "dead",
  "cancelled",
] as const;
export const emailStatusSchema = z.enum(EMAIL_STATUS_VALUES);

export const preferenceOutput = z.object({ preference: notifyPreferenceSchema });
export const setPreferenceInput = z.object({ preference: notifyPreferenceSchema });

export const unsubscribeInput = z.object({ token: z.string().trim().min(1).max(200) });
export const unsubscribeOutput = z.object({ ok: z.literal(true), preference: z.literal("none") });

export const forCustomerInput = z.object({
  customerId: idSchema,
  limit: z.number().int().min(1).max(200).default(50),
});
export const sentEmailSchema = z.object({
  id: z.number(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: emailStatusSchema,
  attempts: z.number(),
  createdAt: isoTimestampSchema,
  sentAt: isoTimestampSchema.nullable(),
  lastError: z.string().nullable(),
});
export const forCustomerOutput = z.object({ items: z.array(sentEmailSchema) });

export const outboxListInput = z.object({
  status: emailStatusSchema.optional(),
  /** Id of the last row of the previous page (rows come newest first). */
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const outboxItemSchema = sentEmailSchema.extend({
  customerId: z.number().nullable(),
  nextAttemptAt: isoTimestampSchema,
});
export const outboxListOutput = z.object({
  items: z.array(outboxItemSchema),
  nextCursor: z.number().nullable(),
  counts: z.record(emailStatusSchema, z.number()),
});

export const outboxRetryInput = z.object({ id: idSchema });
export const outboxRetryOutput = z.object({ id: z.number(), status: z.literal("queued") });
