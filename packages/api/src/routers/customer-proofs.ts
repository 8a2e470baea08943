import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { loadCustomerNotices } from "../customer-notices.ts";
import { notFound } from "../errors.ts";
import { decideProof } from "../proofs/decide-proof.ts";
import { loadProofs } from "../proofs/load-proofs.ts";
import { customerJobTimelineOutput, jobTimelineInput } from "../schemas/job-timeline.ts";
import {
  customerProofApproveInput,
  customerProofDecisionOutput,
  customerProofListInput,
  customerProofListOutput,
  customerProofRequestChangesInput,
  customerProofsWaitingOutput,
} from "../schemas/proofs.ts";
import { loadJobTimeline } from "../timeline/job-timeline.ts";
import { customerProcedure, router } from "../trpc.ts";

type CustomerContext = ApiContext & { actor: { type: "customer"; customerId: number } };

/** One of the signed-in customer's live jobs by number (scoped in SQL), or NOT_FOUND. */
async function ownJob(ctx: CustomerContext, jobNumber: string) {
  const job = await ctx.db
    .selectFrom("jobs")
    .select(["id", "job_number", "title"])
    .where("job_number", "=", jobNumber)
    .where("customer_id", "=", ctx.actor.customerId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!job) throw notFound("Job not found.");
  return job;
}

/**
 * The customer's side of proofs. Every query is scoped by the session's customer in SQL, and
 * outputs are parsed by their zod schemas: staff-only facts (IP, user agent of decisions, staff
 * comments' internals) have no way out.
 */
export const customerProofsRouter = router({
  /** Jobs of this customer with a proof waiting for their answer (the dashboard banner). */
  waiting: customerProcedure
    .output(customerProofsWaitingOutput)
    .query(
      async ({ ctx }) => (await loadCustomerNotices(ctx.db, ctx.actor.customerId)).proofsWaiting,
    ),

  /**
   * The job's timeline: status changes shown to the customer and every proof version's story
   * (sent, comments and pins, the decision, superseded), newest first. The job page's view is
   * audited already.
   */
  timeline: customerProcedure
    .input(jobTimelineInput)
    .output(customerJobTimelineOutput)
    .query(async ({ ctx, input }) => {
      const job = await ownJob(ctx, input.jobNumber);
      return loadJobTimeline(ctx.db, job.id, "customer");
    }),

  /** Every version of a job's proof, newest first (audited as a view of the proof). */
  list: customerProcedure
    .input(customerProofListInput)
    .output(customerProofListOutput)
    .query(async ({ ctx, input }) => {
      const job = await ownJob(ctx, input.jobNumber);
      const proofs = await loadProofs(ctx.db, job.id, { forCustomer: true });
      await audit(ctx, {
        action: "customer.proof.view",
        targetType: "job",
        targetId: job.job_number,
      });
      return { jobNumber: job.job_number, jobTitle: job.title, proofs };
    }),

  approve: customerProcedure
    .input(customerProofApproveInput)
    .output(customerProofDecisionOutput)
    .mutation(({ ctx, input }) => decideProof(ctx, input, { kind: "approve", name: input.name })),

  requestChanges: customerProcedure
    .input(customerProofRequestChangesInput)
    .output(customerProofDecisionOutput)
    .mutation(({ ctx, input }) =>
      decideProof(ctx, input, { kind: "changes", comment: input.comment, pins: input.pins ?? [] }),
    ),
});
