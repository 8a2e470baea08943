import { data, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { type ProofFormErrors, parseProofDecision } from "../forms/proof-decision-schema.ts";
import type { apiFor } from "./api.server.ts";

type Api = ReturnType<typeof apiFor>;

/**
 * The customer's answer to a proof, from the plain form: on success back to the proof page
 * (post/redirect/get) with what was done; a bad field → 400 with its message; a version already
 * answered or replaced → 409 with the API's message; someone else's job → 404.
 */
export async function proofDecisionAction(api: Api, jobNumber: string, form: FormData) {
  const intent: "approve" | "changes" = form.get("intent") === "approve" ? "approve" : "changes";
  const parsed = parseProofDecision(form);
  if (!parsed.ok) {
    return data(
      { intent, errors: parsed.errors as ProofFormErrors, formError: null as string | null },
      { status: 400 },
    );
  }
  const value = parsed.value;
  try {
    if (value.intent === "approve") {
      await api.customer.proofs.approve({ jobNumber, version: value.version, name: value.name });
    } else {
      await api.customer.proofs.requestChanges({
        jobNumber,
        version: value.version,
        comment: value.comment,
        pins: value.pins,
      });
    }
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") {
      throw data({ message: "We could not find that proof." }, { status: 404 });
    }
    if (error instanceof TRPCError && (error.code === "CONFLICT" || error.code === "BAD_REQUEST")) {
      return data(
        { intent, errors: {} as ProofFormErrors, formError: error.message },
        { status: error.code === "CONFLICT" ? 409 : 400 },
      );
    }
    throw error;
  }
  const done = value.intent === "approve" ? "approved" : "changes";
  return redirect(`/customer/job/${encodeURIComponent(jobNumber)}/proof?answered=${done}`);
}
