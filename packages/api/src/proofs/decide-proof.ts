import type { ApprovedFile, Db } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { PROOF_STATE_LABELS, type ProofPin, type ProofStateValue } from "../schemas/proofs.ts";
import { queueProofAnswerEmail } from "./proof-answer-email.ts";

type CustomerContext = ApiContext & { actor: Extract<ApiContext["actor"], { type: "customer" }> };

export type ProofDecision =
  | { kind: "approve"; name: string }
  | { kind: "changes"; comment: string; pins: ProofPin[] };

const NOT_FOUND = "Proof not found.";

/**
 * The customer's one decision on the waiting version of a job's proof. The proof row is locked
 * (`for update`): of two decisions at once, the second waits, then finds the version decided and
 * is refused with CONFLICT; nothing of it is written. Earlier (superseded or decided) versions are
 * read-only. The job must be the customer's own (scoped in SQL).
 */
export async function decideProof(
  ctx: CustomerContext,
  input: { jobNumber: string; version: number },
  decision: ProofDecision,
): Promise<{ version: number; state: ProofStateValue }> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const proof = await trx
      .selectFrom("proofs as p")
      .innerJoin("jobs as j", "j.id", "p.job_id")
      .select(["p.id", "p.state", "p.version_number", "j.job_number"])
      .where("j.job_number", "=", input.jobNumber)
      .where("j.customer_id", "=", ctx.actor.customerId)
      .where("j.deleted_at", "is", null)
      .where("p.version_number", "=", input.version)
      .where("p.deleted_at", "is", null)
      .forUpdate("p")
      .executeTakeFirst();
    if (!proof) throw notFound(NOT_FOUND);
    if (proof.state !== "waiting") {
      throw new TRPCError({
        code: "CONFLICT",
        message:
          proof.state === "superseded"
            ? `A newer version of this proof was sent. Please look at the newest version.`
            : `This proof version was already answered (${PROOF_STATE_LABELS[proof.state].toLowerCase()}).`,
      });
    }
    const files = await trx
      .selectFrom("proof_files")
      .select(["id", "job_file_id", "sha256"])
      .where("proof_id", "=", proof.id)
      .where("deleted_at", "is", null)
      .orderBy("position")
      .execute();
    const now = ctx.clock.now();
    const tellShop = (comment: string | null, pins: number) =>
      queueProofAnswerEmail(trx, {
        jobNumber: proof.job_number,
        version: proof.version_number,
        customerName: ctx.actor.name,
        approved: decision.kind === "approve",
        comment,
        pins,
        publicUrl: ctx.config.publicUrl,
      });
    const decided = {
      decided_at: now,
      decided_by_customer: ctx.actor.customerId,
      decision_ip: ctx.request.ip?.slice(0, 100) ?? null,
      decision_user_agent: ctx.request.userAgent?.slice(0, 500) ?? null,
    };
    if (decision.kind === "approve") {
      const approved: ApprovedFile[] = files.map((f) => ({
        fileId: f.job_file_id,
        sha256: f.sha256,
      }));
      await trx
        .updateTable("proofs")
        .set({
          ...decided,
          state: "approved",
          decision_name: decision.name,
          approved_files: JSON.stringify(approved),
        })
        .where("id", "=", proof.id)
        .execute();
      await tellShop(null, 0);
      await audit(
        ctx,
        {
          action: "customer.proof.approve",
          targetType: "job",
          targetId: proof.job_number,
          details: { proofVersion: proof.version_number, name: decision.name, files: approved },
        },
        trx,
      );
      return { version: proof.version_number, state: "approved" as const };
    }
    await insertComments(trx, ctx.actor.customerId, proof.id, files, decision);
    await trx
      .updateTable("proofs")
      .set({ ...decided, state: "changes_requested" })
      .where("id", "=", proof.id)
      .execute();
    await tellShop(decision.comment, decision.pins.length);
    await audit(
      ctx,
      {
        action: "customer.proof.requestChanges",
        targetType: "job",
        targetId: proof.job_number,
        details: { proofVersion: proof.version_number, pins: decision.pins.length },
      },
      trx,
    );
    return { version: proof.version_number, state: "changes_requested" as const };
  });
  ctx.changes?.notifyLocalCommit();
  return result;
}

/** The change request's comment, then one numbered comment per pin (1, 2, ... in order). */
async function insertComments(
  trx: Db,
  customerId: number,
  proofId: number,
  files: { id: number; job_file_id: number }[],
  decision: Extract<ProofDecision, { kind: "changes" }>,
): Promise<void> {
  const proofFileOf = new Map(files.map((f) => [f.job_file_id, f.id]));
  const pins = decision.pins.map((pin, i) => {
    const proofFileId = proofFileOf.get(pin.fileId);
    if (proofFileId === undefined) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "A pin must be on a file of this proof.",
      });
    }
    return {
      proof_id: proofId,
      customer_id: customerId,
      body: pin.note || `Pin ${i + 1}`,
      proof_file_id: proofFileId,
      pin_number: i + 1,
      pin_x: pin.x,
      pin_y: pin.y,
    };
  });
  await trx
    .insertInto("proof_comments")
    .values([{ proof_id: proofId, customer_id: customerId, body: decision.comment }, ...pins])
    .execute();
}
