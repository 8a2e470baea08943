import { z } from "zod";
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
  idempotencyKey: z.string().min(8).max(200),
});

export type StatusUpdateErrors = Partial<Record<"status" | "note" | "progress", string>>;

export function parseStatusUpdate(form: FormData) {
  const raw = Object.fromEntries(
    ["status", "note", "visibleToCustomer", "progress", "idempotencyKey"].flatMap((key) => {
      const value = form.get(key);
      return typeof value === "string" && value !== "" ? [[key, value]] : [];
    }),
  );
  const parsed = StatusUpdateSchema.safeParse(raw);
  if (parsed.success) return { ok: true as const, value: parsed.data };
  const errors: StatusUpdateErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if ((key === "status" || key === "note" || key === "progress") && !errors[key])
      errors[key] = issue.message;
  }
  return { ok: false as const, errors };
}
