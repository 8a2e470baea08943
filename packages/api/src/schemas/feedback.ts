import { z } from "zod";
import { isoTimestampSchema, jobNumberSchema } from "./common.ts";

/** Feedback on completed jobs (issue 14). Browser-safe: no server imports. */
export const RATING_VALUES = [1, 2, 3, 4, 5] as const;
export const RATING_COMMENT_MAX = 2_000;
/** How long the rating link in a completion email works, counted from when the email is made. */
export const RATING_LINK_DAYS = 30;
export const RATING_SOURCE_VALUES = ["portal", "email"] as const;

/** What people read for each score (the form's choices and the staff view). */
export const RATING_LABELS: Record<(typeof RATING_VALUES)[number], string> = {
  1: "1 · Very poor",
  2: "2 · Poor",
  3: "3 · OK",
  4: "4 · Good",
  5: "5 · Excellent",
};

export const ratingValueSchema = z.coerce
  .number({ error: "Choose a rating from 1 to 5." })
  .int("Choose a rating from 1 to 5.")
  .min(1, "Choose a rating from 1 to 5.")
  .max(5, "Choose a rating from 1 to 5.");

export const ratingCommentSchema = z
  .string()
  .trim()
  .max(RATING_COMMENT_MAX, `Keep the comment under ${RATING_COMMENT_MAX} characters.`)
  .default("");

/** The form both ways of rating share (the portal job page and the emailed link). */
export const ratingFieldsSchema = z.object({
  rating: ratingValueSchema,
  comment: ratingCommentSchema,
});

export const ratingSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string(),
  source: z.enum(RATING_SOURCE_VALUES),
  createdAt: isoTimestampSchema,
});
export type RatingOutput = z.infer<typeof ratingSchema>;

export const feedbackMineInput = z.object({ jobNumber: jobNumberSchema });
/** Whether the customer may rate the job (completed and not rated yet) and their rating if any. */
export const feedbackMineOutput = z.object({
  canRate: z.boolean(),
  rating: ratingSchema.nullable(),
});

export const feedbackMineForJobsInput = z.object({
  jobNumbers: z.array(jobNumberSchema).max(100),
});
export const feedbackMineForJobsOutput = z.object({
  ratings: z.array(z.object({ jobNumber: z.string(), rating: z.number().int() })),
});

export const feedbackRateInput = ratingFieldsSchema.extend({ jobNumber: jobNumberSchema });

export const ratingTokenSchema = z.string().trim().min(1).max(200);
export const feedbackLinkInput = z.object({ token: ratingTokenSchema });
/** What the emailed link's page shows before the customer picks a score. */
export const feedbackLinkOutput = z.discriminatedUnion("state", [
  z.object({ state: z.literal("open"), jobNumber: z.string(), title: z.string() }),
  z.object({ state: z.literal("rated"), jobNumber: z.string(), title: z.string() }),
]);
export const feedbackLinkRateInput = ratingFieldsSchema.extend({ token: ratingTokenSchema });

export const feedbackRateOutput = z.object({ jobNumber: z.string(), rating: ratingSchema });

export const feedbackForJobInput = z.object({ jobNumber: jobNumberSchema });
export const feedbackForJobOutput = z.object({ rating: ratingSchema.nullable() });
