/** The history page's sort options (client-safe: no zod, shipped in the route chunk). */
export const HISTORY_SORT_LABEL = {
  completed_desc: "Newest first",
  completed_asc: "Oldest first",
  job_number: "Job number",
} as const;

export type HistorySort = keyof typeof HISTORY_SORT_LABEL;

/** The history page's query as read from the URL (parsed on the server, see history-query.server.ts). */
export type HistoryQuery = {
  q?: string;
  from?: string;
  to?: string;
  sort?: HistorySort;
  page?: number;
};

/** The URL of another page of the same query. */
export function historyPageHref(query: HistoryQuery, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, page })) {
    if (value !== undefined && value !== "" && !(key === "page" && value === 1)) {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search ? `?${search}` : "?";
}
