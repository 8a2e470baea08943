/**
 * Stores a job's one rating. Both ways of rating end here: the signed-in customer on the job page
 * and the signed link in the completion email. The unique job_id makes a second rating (a reused
 * link, two tabs, a double submit) a no-op that the caller reports as "already rated".
 */
import type { Db, RatingSource } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import type { RatingOutput } from "../schemas/feedback.ts";

export const ALREADY_RATED = "This job has already been rated. Thank you for your feedback.";

export interface RatableJob {
  id: number;
  customerId: number;
  jobNumber: string;
}

export function ratingOutput(row: {
  rating: number;
  comment: string;
  source: RatingSource;
  created_at: Date;
}): RatingOutput {
  return {
    rating: row.rating,
    comment: row.comment,
    source: row.source,
    createdAt: row.created_at.toISOString(),
  };
}

export async function saveRating(
  ctx: ApiContext,
  job: RatableJob,
  input: { rating: number; comment: string; source: RatingSource },
): Promise<RatingOutput> {
  return ctx.db.transaction().execute(async (trx: Db) => {
    const row = await trx
      .insertInto("job_ratings")
      .values({
        job_id: job.id,
        customer_id: job.customerId,
        rating: input.rating,
        comment: input.comment,
        source: input.source,
        created_at: ctx.clock.now(),
      })
      .onConflict((oc) => oc.column("job_id").doNothing())
      .returning(["rating", "comment", "source", "created_at"])
      .executeTakeFirst();
    if (!row) throw new TRPCError({ code: "CONFLICT", message: ALREADY_RATED });
    await audit(
      ctx,
      {
        action: "customer.job.rate",
        targetType: "job",
        targetId: job.jobNumber,
        actor: { type: "customer", id: job.customerId },
        details: { rating: input.rating, source: input.source },
      },
      trx,
    );
    return ratingOutput(row);
  });
}
