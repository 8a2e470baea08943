import { PROOF_LIMITS } from "@traveler/api/schemas";
import { z } from "zod";
import { type FormErrors, parseForm } from "../lib/form.server.ts";

/** The customer's proof forms (approve / request changes): plain HTML forms, no JS needed. */
const version = z.coerce.number({ error: "Reload the page and try again." }).int().min(1).max(1000);

export const ProofApproveSchema = z.object({
  intent: z.literal("approve"),
  version,
  name: z
    .string({ error: "Type your name to approve." })
    .trim()
    .min(1, "Type your name to approve.")
    .max(PROOF_LIMITS.name, `Use at most ${PROOF_LIMITS.name} characters.`),
});

/** Pins come from the pins module as hidden fields pins[0].fileId, pins[0].x, ... */
export const ProofChangesSchema = z.object({
  intent: z.literal("changes"),
  version,
  comment: z
    .string({ error: "Tell us what to change." })
    .trim()
    .min(1, "Tell us what to change.")
    .max(PROOF_LIMITS.comment, `Use at most ${PROOF_LIMITS.comment} characters.`),
  pins: z
    .array(
      z.object({
        fileId: z.coerce.number().int().positive(),
        x: z.coerce.number().finite().min(0).max(1),
        y: z.coerce.number().finite().min(0).max(1),
        note: z.string().trim().max(PROOF_LIMITS.comment).optional(),
      }),
    )
    .max(PROOF_LIMITS.pins)
    .optional(),
});

export type ProofFormErrors = FormErrors<"name" | "comment" | "pins" | "version">;

export function parseProofDecision(form: FormData) {
  return form.get("intent") === "approve"
    ? parseForm(form, ProofApproveSchema)
    : parseForm(form, ProofChangesSchema);
}
