import {
  customerQuoteAcceptInput,
  dateOnlySchema,
  quoteRequestFieldsSchema,
  requestNumberSchema,
  staffConvertInput,
  staffDeclineInput,
  staffQuoteInput,
} from "@traveler/api/schemas";
import { z } from "zod";

/**
 * The quote-request forms, built from the API's schemas (decision 005). Empty optional fields
 * arrive as "not given": the needed-by date becomes null and notes "".
 */
export const quoteRequestForm = quoteRequestFieldsSchema.extend({
  neededBy: dateOnlySchema.optional().transform((d) => d ?? null),
  notes: quoteRequestFieldsSchema.shape.notes.optional().transform((n) => n ?? ""),
});

export const quoteAcceptForm = customerQuoteAcceptInput.omit({ requestNumber: true });

/** "12.50" → 1250 cents (a price is typed in currency units on the page). */
const priceText = z
  .string()
  .trim()
  .regex(/^\d{1,9}([.,]\d{1,2})?$/, "Enter a price like 125.50.")
  .transform((t) => {
    const [whole, frac = ""] = t.replace(",", ".").split(".");
    return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  });

export const staffQuoteForm = staffQuoteInput
  .omit({ requestNumber: true, priceCents: true })
  .extend({ intent: z.literal("quote"), price: priceText });
export const staffDeclineForm = staffDeclineInput
  .omit({ requestNumber: true })
  .extend({ intent: z.literal("decline") });
export const staffConvertForm = staffConvertInput
  .omit({ requestNumber: true })
  .extend({ intent: z.literal("convert") });
export const staffRequestForm = z.discriminatedUnion("intent", [
  staffQuoteForm,
  staffDeclineForm,
  staffConvertForm,
]);

export { requestNumberSchema };
