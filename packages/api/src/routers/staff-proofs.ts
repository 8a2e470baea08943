import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import { notFound } from "../errors.ts";
import { loadProofs } from "../proofs/load-proofs.ts";
import { queueProofEmail } from "../proofs/proof-email.ts";
import { jobTimelineInput } from "../schemas/job-timeline.ts";
import { staffProofListInput, staffProofSendInput } from "../schemas/proofs.ts";
import { loadStaffJob } from "../staff/staff-job.ts";
import { staffWrite } from "../staff/staff-write.ts";
import { loadJobTimeline } from "../timeline/job-timeline.ts";
import { router, staffProcedure } from "../trpc.ts";

const JOB_NOT_FOUND = "Job not found.";

export const staffProofsRouter = router({
  /** Every version of the job's proof, newest first, with comments, pins and decisions. */
  list: staffProcedure.input(staffProofListInput).query(async ({ ctx, input }) => {
    const job = await loadStaffJob(ctx.db, input.jobNumber);
    if (!job) throw notFound(JOB_NOT_FOUND);
    return { jobNumber: job.jobNumber, proofs: await loadProofs(ctx.db, job.id) };
  }),

  /**
   * The job's timeline as staff see it: every status change (internal ones too) and every proof
   * version's story, with who sent it and where each decision came from, newest first.
   */
  timeline: staffProcedure.input(jobTimelineInput).query(async ({ ctx, input }) => {
    const job = await loadStaffJob(ctx.db, input.jobNumber);
    if (!job) throw notFound(JOB_NOT_FOUND);
    return loadJobTimeline(ctx.db, job.id, "staff");
  }),

  /**
   * Sends job files as version n+1 of the job's proof: a waiting earlier version is superseded,
   * the files become visible to the customer, and the customer is emailed. The job row is locked,
   * so two sends at once get versions n+1 and n+2, never the same number.
   */
  send: staffProcedure.input(staffProofSendInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.proofs.send", input.idempotencyKey, async (trx) => {
      const job = await loadStaffJob(trx, input.jobNumber, { forUpdate: true });
      if (!job) throw notFound(JOB_NOT_FOUND);
      const files = await trx
        .selectFrom("job_files")
        .select(["id", "sha256", "visible_to_customer"])
        .where("id", "in", input.fileIds)
        .where("job_id", "=", job.id)
        .where("deleted_at", "is", null)
        .execute();
      if (files.length !== input.fileIds.length) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "Choose files of this job for the proof (one of them is not on the job).",
        });
      }
      const last = await trx
        .selectFrom("proofs")
        .select((eb) => eb.fn.max("version_number").as("n"))
        .where("job_id", "=", job.id)
        .executeTakeFirst();
      const versionNumber = (last?.n ?? 0) + 1;
      const superseded = await trx
        .updateTable("proofs")
        .set({ state: "superseded" })
        .where("job_id", "=", job.id)
        .where("state", "=", "waiting")
        .returning("version_number")
        .execute();
      const message = input.message ?? "";
      const proof = await trx
        .insertInto("proofs")
        .values({
          job_id: job.id,
          version_number: versionNumber,
          message,
          sent_by: ctx.actor.staffId,
          sent_at: ctx.clock.now(),
        })
        .returning(["id", "version"])
        .executeTakeFirstOrThrow();
      const byId = new Map(files.map((f) => [f.id, f]));
      await trx
        .insertInto("proof_files")
        .values(
          input.fileIds.map((id, position) => ({
            proof_id: proof.id,
            job_file_id: id,
            position,
            sha256: byId.get(id)!.sha256,
          })),
        )
        .execute();
      const hidden = files.filter((f) => !f.visible_to_customer).map((f) => f.id);
      if (hidden.length > 0) {
        await trx
          .updateTable("job_files")
          .set({ visible_to_customer: true })
          .where("id", "in", hidden)
          .execute();
      }
      await queueProofEmail(trx, {
        customerId: job.customerId,
        jobId: job.id,
        version: versionNumber,
        message,
        publicUrl: ctx.config.publicUrl,
      });
      await audit(
        ctx,
        {
          action: "staff.proof.send",
          targetType: "job",
          targetId: job.jobNumber,
          details: {
            proofVersion: versionNumber,
            fileIds: input.fileIds,
            madeVisible: hidden,
            superseded: superseded.map((s) => s.version_number),
          },
        },
        trx,
      );
      return {
        proof: {
          id: proof.id,
          jobNumber: job.jobNumber,
          version: versionNumber,
          state: "waiting" as const,
        },
      };
    }),
  ),
});
