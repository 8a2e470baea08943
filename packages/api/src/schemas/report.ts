import { z } from "zod";
import { dateOnlySchema } from "./common.ts";

/** The admin report on the spec's success metrics (issue 14). Browser-safe: no server imports. */

/** The spec's goals the report compares against. */
export const ADOPTION_TARGET = 0.4;
export const SATISFACTION_TARGET = 0.85;
/** The longest period one report covers (10 years and leap days). */
export const REPORT_MAX_DAYS = 3_660;
/** The presets the report screens offer, in days ending today (shop time). */
export const REPORT_PRESET_DAYS = [30, 90] as const;

/**
 * The documented keyword rule for "a message that asks about the status": a customer message
 * containing one of these words or phrases (case-insensitive, whole words). PostgreSQL applies it
 * as a regular expression (`~*`), so this list is the only definition.
 */
export const STATUS_QUESTION_KEYWORDS = [
  "status",
  "ready",
  "when",
  "eta",
  "update",
  "progress",
  "done",
  "finished",
  "pick up",
  "pickup",
  "how long",
  "still waiting",
] as const;

/** The PostgreSQL regular expression for STATUS_QUESTION_KEYWORDS (`\m`, `\M`: word bounds). */
export const STATUS_QUESTION_PATTERN = `\\m(${STATUS_QUESTION_KEYWORDS.map((k) => k.replace(" ", "\\s+")).join("|")})\\M`;

/** A share as people read it: "40.0%", or "no data" when there was nothing to count. */
export function formatShare(share: number | null): string {
  return share === null ? "no data" : `${(share * 100).toFixed(1)}%`;
}

/** Days from `from` to `to`, both included (dates 'YYYY-MM-DD'). */
export function periodDays(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}

/** The last `days` shop days ending `today` (both 'YYYY-MM-DD'), as a report period. */
export function presetPeriod(days: number, today: string): { from: string; to: string } {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: today };
}

export const metricsReportInput = z
  .object({ from: dateOnlySchema, to: dateOnlySchema })
  .refine((p) => p.from <= p.to, {
    message: "The start date must not be after the end date.",
    path: ["to"],
  })
  .refine((p) => periodDays(p.from, p.to) <= REPORT_MAX_DAYS, {
    message: "The period can be at most 10 years.",
    path: ["from"],
  });
export type MetricsReportInput = z.infer<typeof metricsReportInput>;

/** A share with its parts; `share` is null when there is nothing to divide by ("no data"). */
const ratioSchema = z.object({
  count: z.number().int(),
  of: z.number().int(),
  share: z.number().nullable(),
});

export const metricsReportOutput = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    /** The instants the period covers: [start, end). */
    start: z.string(),
    end: z.string(),
  }),
  adoption: ratioSchema.extend({ target: z.number() }),
  satisfaction: ratioSchema.extend({
    target: z.number(),
    average: z.number().nullable(),
    /** Ratings per score 1..5 (index 0 = score 1). */
    distribution: z.array(z.number().int()).length(5),
  }),
  replies: z.object({
    /** Customer messages that started a wait for the shop in the period. */
    questions: z.number().int(),
    answered: z.number().int(),
    medianMinutes: z.number().nullable(),
    /** Whether the messages table exists yet (the messages feature may not be deployed). */
    available: z.boolean(),
  }),
  statusQuestions: z.object({
    jobViews: z.number().int(),
    activeJobs: z.number().int(),
    viewsPerActiveJob: z.number().nullable(),
    customerMessages: z.number().int(),
    statusMessages: z.number().int(),
    statusMessageShare: z.number().nullable(),
    keywords: z.array(z.string()),
  }),
});
export type MetricsReport = z.infer<typeof metricsReportOutput>;
