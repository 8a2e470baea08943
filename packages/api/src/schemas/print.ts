import { z } from "zod";
import { dateOnlySchema, jobNumberSchema, jobStatusSchema } from "./common.ts";

/** Most travelers one batch prints (a day's or a column's work; a printer queue, not a report). */
export const TRAVELER_BATCH_LIMIT = 200;

/** Which travelers to print: one job, the jobs due on a shop day, or a board column. */
export const staffTravelersInput = z.union([
  z.object({ jobNumber: jobNumberSchema }).strict(),
  z.object({ day: dateOnlySchema }).strict(),
  z.object({ status: jobStatusSchema }).strict(),
]);
export type StaffTravelersInput = z.infer<typeof staffTravelersInput>;
