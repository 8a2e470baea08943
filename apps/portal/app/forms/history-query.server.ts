import { dateOnlySchema } from "@traveler/api/schemas";
import { z } from "zod";
import type { HistoryQuery } from "./history-query.ts";

/** The API's own date rule (a real calendar day, 1900-2999): URL and API never disagree. */
const date = dateOnlySchema;

/**
 * The history page's GET form (search, date range, sort, page), read from the URL. Invalid
 * values are dropped rather than failing the page: a bookmarked URL always shows something.
 */
export const HistoryQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  sort: z.enum(["completed_desc", "completed_asc", "job_number"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export function parseHistoryQuery(params: URLSearchParams): HistoryQuery {
  const raw = Object.fromEntries(
    ["q", "from", "to", "sort", "page"].flatMap((key) => {
      const value = params.get(key);
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = HistoryQuerySchema.parse(raw);
  return Object.fromEntries(
    Object.entries(parsed).filter(([, v]) => v !== undefined && v !== ""),
  ) as HistoryQuery;
}
