import { z } from "zod";
import { dateOnlySchema, idempotencyKeySchema } from "./common.ts";

/** Quote requests (issue 14): a customer asks for a price; staff quote, decline or convert. */

export const QUOTE_STATUS_VALUES = [
  "requested",
  "quoted",
  "declined",
  "accepted",
  "converted",
] as const;
export const quoteStatusSchema = z.enum(QUOTE_STATUS_VALUES);
export type QuoteStatusValue = z.infer<typeof quoteStatusSchema>;

/** The largest price a quote may state: one billion in currency units, in cents. */
/** Files a customer may attach to one quote request (the request form). */
export const QUOTE_REQUEST_MAX_FILES = 10;

export const MAX_PRICE_CENTS = 100_000_000_000;

export const requestNumberSchema = z
  .string()
  .trim()
  .regex(/^Q-\d{5,12}$/, "Enter a request number like Q-00042.");

export const quoteRequestFieldsSchema = z.object({
  what: z.string().trim().min(1, "Say what you need.").max(200),
  quantity: z
    .number({ error: "Enter a quantity." })
    .int("Enter a whole number.")
    .min(1, "Enter a quantity of at least 1.")
    .max(10_000_000),
  neededBy: dateOnlySchema.nullable(),
  notes: z.string().trim().max(5_000),
});

export const customerQuoteCreateInput = quoteRequestFieldsSchema;

export const requestNumberInput = z.object({ requestNumber: requestNumberSchema });

export const customerQuoteAcceptInput = z.object({
  requestNumber: requestNumberSchema,
  /** The customer types their name, as on a proof approval. */
  name: z.string().trim().min(2, "Type your full name to accept.").max(200),
});

export const priceCentsSchema = z
  .number()
  .int("A price is a whole number of cents.")
  .min(0, "A price cannot be negative.")
  .max(MAX_PRICE_CENTS, "That price is too large.");

export const staffQuoteInput = z.object({
  requestNumber: requestNumberSchema,
  priceCents: priceCentsSchema,
  validUntil: dateOnlySchema,
  note: z.string().trim().max(2_000).optional(),
  idempotencyKey: idempotencyKeySchema,
});

export const staffDeclineInput = z.object({
  requestNumber: requestNumberSchema,
  reason: z.string().trim().min(1, "Give a reason.").max(2_000),
  idempotencyKey: idempotencyKeySchema,
});

export const staffConvertInput = z.object({
  requestNumber: requestNumberSchema,
  idempotencyKey: idempotencyKeySchema,
});

export const staffQuoteListInput = z
  .object({
    status: z.array(quoteStatusSchema).max(5).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .optional();

/** What the customer sees of a request (never who answered or the accept IP). */
export const customerQuoteSchema = z.object({
  requestNumber: z.string(),
  what: z.string(),
  quantity: z.number().int(),
  neededBy: z.string().nullable(),
  notes: z.string(),
  status: quoteStatusSchema,
  priceCents: z.number().int().nullable(),
  validUntil: z.string().nullable(),
  quoteNote: z.string(),
  declineReason: z.string(),
  answeredAt: z.string().nullable(),
  acceptedName: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  /** The job it became (status converted). */
  jobNumber: z.string().nullable(),
  createdAt: z.string(),
  /** The quote can be accepted now (quoted and still valid in shop time). */
  acceptable: z.boolean(),
});
export type CustomerQuote = z.infer<typeof customerQuoteSchema>;

export const customerQuoteListOutput = z.object({ items: z.array(customerQuoteSchema) });

export const staffQuoteSchema = customerQuoteSchema.extend({
  customerId: z.number().int(),
  customerName: z.string(),
  answeredBy: z.string().nullable(),
  acceptedIp: z.string().nullable(),
  acceptedUserAgent: z.string().nullable(),
  version: z.number().int(),
});
export type StaffQuote = z.infer<typeof staffQuoteSchema>;

export const staffQuoteListOutput = z.object({ items: z.array(staffQuoteSchema) });
