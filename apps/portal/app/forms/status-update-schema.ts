import { z } from "zod";
import { type FormErrors, parseForm } from "../lib/form.server.ts";
import { JOB_STATUS_ORDER } from "../lib/job-status.ts";

/** The staff quick status update form. */
export const StatusUpdateSchema = z.object({
  status: z.enum(JOB_STATUS_ORDER, { error: "Choose a status." }),
  note: z.string().trim().max(5_000, "Keep the note under 5,000 characters.").default(""),
  visibleToCustomer: z.literal("on").optional(),
  progress: z.coerce
    .number({ error: "Enter a number from 0 to 100." })
    .int("Enter a whole number.")
    .min(0, "Enter a number from 0 to 100.")
    .max(100, "Enter a number from 0 to 100."),
  /** Move on although a proof waits for the customer (audited by the API). */
  overrideProof: z.literal("on").optional(),
  idempotencyKey: z.string().min(8).max(200),
});

export type StatusUpdateErrors = FormErrors<"status" | "note" | "progress">;

export function parseStatusUpdate(form: FormData) {
  return parseForm(form, StatusUpdateSchema);
}
