import type { Db } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import type { StaffJob } from "../staff/staff-job.ts";
import { waitingProof } from "./load-proofs.ts";

/** What the console and the portal recognise to offer the override (error.message starts so). */
export const PROOF_WAITING_MESSAGE = "A proof is waiting for the customer's approval";

/**
 * A job whose proof waits for the customer cannot be moved on (to any status but "Not started")
 * by mistake: the status change is refused unless `overrideProof` is set, and an override is
 * audited with the job and the proof version. Runs inside the status change's transaction, after
 * the job row is locked (a proof sent meanwhile waits for it).
 */
export async function guardWaitingProof(
  ctx: ApiContext,
  trx: Db,
  job: Pick<StaffJob, "id" | "jobNumber" | "status">,
  change: { status: string; overrideProof?: boolean | undefined },
): Promise<void> {
  if (change.status === "not_started" || change.status === job.status) return;
  const proof = await waitingProof(trx, job.id);
  if (!proof) return;
  if (!change.overrideProof) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `${PROOF_WAITING_MESSAGE} (version ${proof.version}). Wait for the approval, or confirm that you want to go ahead without it.`,
    });
  }
  await audit(
    ctx,
    {
      action: "staff.job.proofOverride",
      targetType: "job",
      targetId: job.jobNumber,
      details: { proofVersion: proof.version, from: job.status, to: change.status },
    },
    trx,
  );
}
