/**
 * Feedback on completed jobs (issue 14): the customer rates a completed job 1-5 with a comment,
 * signed in (job page, history) or through the signed one-time link in the completion email
 * (no session); staff read a job's rating. Every customer query is scoped by the session's
 * customer id in SQL; the link's job comes only from its verified signature.
 */

import type { ApiContext } from "../context.ts";
import { verifyRatingToken } from "../email/rating-token.ts";
import { emailSigningKey } from "../email/unsubscribe-token.ts";
import { badInput, notFound } from "../errors.ts";
import { ratingOutput, saveRating } from "../feedback/save-rating.ts";
import {
  feedbackForJobInput,
  feedbackForJobOutput,
  feedbackLinkInput,
  feedbackLinkOutput,
  feedbackLinkRateInput,
  feedbackMineForJobsInput,
  feedbackMineForJobsOutput,
  feedbackMineInput,
  feedbackMineOutput,
  feedbackRateInput,
  feedbackRateOutput,
  type RatingOutput,
} from "../schemas/feedback.ts";
import { customerProcedure, publicProcedure, router, staffProcedure } from "../trpc.ts";

const JOB_NOT_FOUND = "Job not found.";
const NOT_COMPLETED = "A job can be rated once it is completed.";
export const INVALID_RATING_LINK =
  "This rating link is not valid. Sign in to the portal to rate your job from its page.";
export const EXPIRED_RATING_LINK =
  "This rating link has expired. Sign in to the portal to rate your job from its page.";

/** The job's rating, if it has one (the caller has scoped the job). */
export async function ratingOf(ctx: ApiContext, jobId: number): Promise<RatingOutput | null> {
  const row = await ctx.db
    .selectFrom("job_ratings")
    .select(["rating", "comment", "source", "created_at"])
    .where("job_id", "=", jobId)
    .executeTakeFirst();
  return row ? ratingOutput(row) : null;
}

/** The job a verified link was made for (still there, with its customer), or a clear 400. */
async function linkedJob(ctx: ApiContext, token: string) {
  const check = verifyRatingToken(emailSigningKey(ctx.config), token, ctx.clock.now());
  if (!check.ok) {
    throw badInput(check.reason === "expired" ? EXPIRED_RATING_LINK : INVALID_RATING_LINK);
  }
  const job = await ctx.db
    .selectFrom("jobs as j")
    .innerJoin("customers as c", "c.id", "j.customer_id")
    .leftJoin("job_ratings as r", "r.job_id", "j.id")
    .select(["j.id", "j.customer_id", "j.job_number", "j.title", "j.status", "r.id as rating_id"])
    .where("j.id", "=", check.jobId)
    .where("j.deleted_at", "is", null)
    .where("c.deleted_at", "is", null)
    .executeTakeFirst();
  if (job?.status !== "completed") throw badInput(INVALID_RATING_LINK);
  return job;
}

export const feedbackRouter = router({
  /** The customer's rating of one of their jobs, and whether they may rate it now. */
  mine: customerProcedure
    .input(feedbackMineInput)
    .output(feedbackMineOutput)
    .query(async ({ ctx, input }) => {
      const job = await ctx.db
        .selectFrom("jobs")
        .select(["id", "status"])
        .where("job_number", "=", input.jobNumber)
        .where("customer_id", "=", ctx.actor.customerId)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      if (!job) throw notFound(JOB_NOT_FOUND);
      const rating = await ratingOf(ctx, job.id);
      return { canRate: job.status === "completed" && rating === null, rating };
    }),

  /** Scores the customer gave to some of their jobs (the history list shows them). */
  mineForJobs: customerProcedure
    .input(feedbackMineForJobsInput)
    .output(feedbackMineForJobsOutput)
    .query(async ({ ctx, input }) => {
      if (input.jobNumbers.length === 0) return { ratings: [] };
      const rows = await ctx.db
        .selectFrom("job_ratings as r")
        .innerJoin("jobs as j", "j.id", "r.job_id")
        .select(["j.job_number", "r.rating"])
        .where("j.customer_id", "=", ctx.actor.customerId)
        .where("j.deleted_at", "is", null)
        .where("j.job_number", "in", input.jobNumbers)
        .execute();
      return { ratings: rows.map((r) => ({ jobNumber: r.job_number, rating: r.rating })) };
    }),

  /** Rates one of the customer's completed jobs (once). */
  rate: customerProcedure
    .input(feedbackRateInput)
    .output(feedbackRateOutput)
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.db
        .selectFrom("jobs")
        .select(["id", "job_number", "status"])
        .where("job_number", "=", input.jobNumber)
        .where("customer_id", "=", ctx.actor.customerId)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      if (!job) throw notFound(JOB_NOT_FOUND);
      if (job.status !== "completed") throw badInput(NOT_COMPLETED);
      const rating = await saveRating(
        ctx,
        { id: job.id, customerId: ctx.actor.customerId, jobNumber: job.job_number },
        { rating: input.rating, comment: input.comment, source: "portal" },
      );
      return { jobNumber: job.job_number, rating };
    }),

  /** What the emailed link's page shows: the job, and whether it is rated already. */
  link: publicProcedure
    .input(feedbackLinkInput)
    .output(feedbackLinkOutput)
    .query(async ({ ctx, input }) => {
      const job = await linkedJob(ctx, input.token);
      return {
        state: job.rating_id === null ? ("open" as const) : ("rated" as const),
        jobNumber: job.job_number,
        title: job.title,
      };
    }),

  /** Rates the job of a signed emailed link, without a session (once per job). */
  rateByLink: publicProcedure
    .input(feedbackLinkRateInput)
    .output(feedbackRateOutput)
    .mutation(async ({ ctx, input }) => {
      const job = await linkedJob(ctx, input.token);
      const rating = await saveRating(
        ctx,
        { id: job.id, customerId: job.customer_id, jobNumber: job.job_number },
        { rating: input.rating, comment: input.comment, source: "email" },
      );
      return { jobNumber: job.job_number, rating };
    }),

  /** A job's rating, for staff (portal staff page and the console's job editor). */
  forJob: staffProcedure
    .input(feedbackForJobInput)
    .output(feedbackForJobOutput)
    .query(async ({ ctx, input }) => {
      const job = await ctx.db
        .selectFrom("jobs")
        .select("id")
        .where("job_number", "=", input.jobNumber)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      if (!job) throw notFound(JOB_NOT_FOUND);
      return { rating: await ratingOf(ctx, job.id) };
    }),
});
