import type { JobStatus } from "../sync-rows.ts";
import type { CacheDb } from "./database.ts";
import {
  applyJobPatch,
  JOB_COLUMNS,
  type JobSummary,
  type JobSummaryRow,
  queuedJob,
  toJobSummary,
} from "./job-rows.ts";
import { mergedOverlays } from "./overlays.ts";
import { jobSearch } from "./search.ts";

export const JOB_SORTS = ["updated", "due", "number", "customer"] as const;
export type JobSort = (typeof JOB_SORTS)[number];

export interface JobQuery {
  q?: string | undefined;
  status?: JobStatus[] | undefined;
  customerId?: number | undefined;
  /** A staff member's jobs; null: jobs without an owner. */
  ownerId?: number | null | undefined;
  rush?: boolean | undefined;
  includeCompleted?: boolean | undefined;
  limit?: number | undefined;
  /** Rows to skip (the job list reads the window the person scrolled to). */
  offset?: number | undefined;
  sort?: JobSort | undefined;
  /** Default: newest change first for "updated", otherwise ascending. */
  descending?: boolean | undefined;
}

/** Searches count their matches up to this many ("1,000+ jobs"). */
export const SEARCH_COUNT_CAP = 1_000;

/** ORDER BY for each sort, ascending (every one ends on the id, so pages never overlap). */
const ORDER: Record<JobSort, string[]> = {
  updated: ["j.updated_at", "j.id"],
  // Jobs without a due date last.
  due: ["j.estimated_completion is null", "j.estimated_completion", "j.id"],
  // Job numbers are given in creation order: the id orders them past J-…-9999 as well.
  number: ["j.id"],
  customer: ["c.name collate nocase", "j.id"],
};

export function orderBy(query: JobQuery): string {
  const sort = query.sort ?? "updated";
  const descending = query.descending ?? sort === "updated";
  return ORDER[sort]
    .map((term, i) =>
      // "is null" keeps nulls last in both directions.
      sort === "due" && i === 0 ? term : `${term} ${descending ? "desc" : "asc"}`,
    )
    .join(", ");
}

/** One window of the job list: filtered, searched, sorted, with pending writes merged in. */
export function listJobs(
  db: CacheDb,
  query: JobQuery = {},
): { items: JobSummary[]; total: number; totalIsLowerBound: boolean } {
  const limit = Math.min(query.limit ?? 200, 2_000);
  const offset = Math.max(0, query.offset ?? 0);
  const where: string[] = ["j.deleted_at is null"];
  const params: unknown[] = [];
  if (query.status && query.status.length > 0) {
    where.push(`j.status in (${query.status.map(() => "?").join(", ")})`);
    params.push(...query.status);
  } else if (!query.includeCompleted) {
    where.push("j.status <> 'completed'");
  }
  if (query.customerId !== undefined) {
    where.push("j.customer_id = ?");
    params.push(query.customerId);
  }
  where.push(...ownerAndRush(query, params));
  const search = jobSearch(db, query.q);
  if (search?.kind === "like") {
    where.push(search.where);
    params.push(...search.params);
  }
  const clause = where.join(" and ");
  let total: number;
  let rows: JobSummaryRow[];
  if (search?.kind === "fts") {
    // Counting every match of a broad term costs a row lookup each: stop counting at a cap.
    total = db
      .prepare(
        `select count(*) from (select 1 from jobs_fts f join jobs j on j.id = f.rowid
         where jobs_fts match ? and ${clause} limit ${SEARCH_COUNT_CAP + 1})`,
      )
      .pluck()
      .get(search.match, ...params) as number;
    // Without a chosen sort, FTS order (rowid = job id, newest first) lets the scan stop at
    // `limit` with no sort over every match.
    rows = db
      .prepare(
        `select ${JOB_COLUMNS} from jobs_fts f join jobs j on j.id = f.rowid
           left join customers c on c.id = j.customer_id
         where jobs_fts match ? and ${clause}
         order by ${query.sort ? orderBy(query) : "f.rowid desc"} limit ? offset ?`,
      )
      .all(search.match, ...params, limit, offset) as JobSummaryRow[];
  } else {
    total = db
      .prepare(`select count(*) from jobs j where ${clause}`)
      .pluck()
      .get(...params) as number;
    rows = db
      .prepare(
        `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
         where ${clause} order by ${orderBy(query)} limit ? offset ?`,
      )
      .all(...params, limit, offset) as JobSummaryRow[];
  }
  const items = withJobOverlays(db, rows.map(toJobSummary), query);
  const capped = search?.kind === "fts" && total > SEARCH_COUNT_CAP;
  return {
    items,
    total: (capped ? SEARCH_COUNT_CAP : total) + (items.length - rows.length),
    totalIsLowerBound: capped,
  };
}

/** Pending writes over a page of jobs; queued new jobs head the first page. */
export function withJobOverlays(db: CacheDb, items: JobSummary[], query: JobQuery): JobSummary[] {
  const overlays = mergedOverlays(db, "job");
  if (overlays.size === 0) return items;
  const out = items.map((j) => {
    const patch = overlays.get(j.jobNumber);
    return patch ? applyJobPatch(j, patch) : j;
  });
  const q = query.q?.toLowerCase().trim();
  // Queued new jobs head the first page only.
  if ((query.offset ?? 0) > 0) return out;
  for (const [key, patch] of overlays) {
    if (!key.startsWith("new:")) continue;
    const updatedAt = String(patch.updatedAt ?? new Date().toISOString());
    const job = applyJobPatch(queuedJob(db, key, patch, updatedAt), patch);
    if (q && !`${job.title} ${job.customerName}`.toLowerCase().includes(q)) continue;
    if (query.customerId !== undefined && job.customerId !== query.customerId) continue;
    if (query.rush && !job.rush) continue;
    if (query.ownerId !== undefined && job.ownerId !== query.ownerId) continue;
    out.unshift(job);
  }
  return out;
}

/** WHERE terms for the owner and rush filters (their values appended to `params`). */
export function ownerAndRush(
  query: Pick<JobQuery, "ownerId" | "rush">,
  params: unknown[],
): string[] {
  const where: string[] = [];
  if (query.ownerId === null) where.push("j.owner_id is null");
  else if (query.ownerId !== undefined) {
    where.push("j.owner_id = ?");
    params.push(query.ownerId);
  }
  if (query.rush) where.push("j.rush = 1");
  return where;
}
