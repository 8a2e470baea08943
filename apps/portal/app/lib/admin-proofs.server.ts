import { data } from "@remix-run/node";
import { PROOF_LIMITS } from "@traveler/api/schemas";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { apiFor } from "./api.server.ts";
import { parseForm } from "./form.server.ts";

type Api = ReturnType<typeof apiFor>;

export const PROOF_SEND_INTENT = "proof-send";

export function isProofIntent(form: FormData): boolean {
  return form.get("intent") === PROOF_SEND_INTENT;
}

const ProofSendSchema = z.object({
  intent: z.literal(PROOF_SEND_INTENT),
  fileIds: z
    .array(z.coerce.number().int().positive(), { error: "Choose at least one file for the proof." })
    .min(1, "Choose at least one file for the proof.")
    .max(PROOF_LIMITS.files, `A proof has at most ${PROOF_LIMITS.files} files.`),
  message: z
    .string()
    .trim()
    .max(PROOF_LIMITS.message, `Keep the message under ${PROOF_LIMITS.message} characters.`)
    .optional(),
  idempotencyKey: z.string().min(8).max(200),
});

export interface ProofSendResult {
  proofSend: {
    ok: boolean;
    version: number | null;
    errors: { fileIds?: string; message?: string };
    formError: string | null;
  };
}

/** Staff send a proof from the job page (plain form; a double submit sends once). */
export async function proofSendAction(api: Api, jobNumber: string, form: FormData) {
  const parsed = parseForm(form, ProofSendSchema);
  if (!parsed.ok) {
    return data<ProofSendResult>(
      { proofSend: { ok: false, version: null, errors: parsed.errors, formError: null } },
      { status: 400 },
    );
  }
  try {
    const { proof } = await api.staff.jobs.proofs.send({
      jobNumber,
      fileIds: parsed.value.fileIds,
      message: parsed.value.message,
      idempotencyKey: parsed.value.idempotencyKey,
    });
    return data<ProofSendResult>({
      proofSend: { ok: true, version: proof.version, errors: {}, formError: null },
    });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data<ProofSendResult>(
        { proofSend: { ok: false, version: null, errors: {}, formError: error.message } },
        { status: 400 },
      );
    }
    throw error;
  }
}
