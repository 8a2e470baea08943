import type { JobStatus } from "../sync-rows.ts";
import type { CacheDb } from "./database.ts";
import { type JobQuery, orderBy, ownerAndRush, withJobOverlays } from "./job-list.ts";
import {
  applyJobPatch,
  JOB_COLUMNS,
  type JobSummary,
  type JobSummaryRow,
  jobSummary,
  toJobSummary,
} from "./job-rows.ts";
import { mergedOverlays } from "./overlays.ts";

const ACTIVE: JobStatus[] = ["not_started", "in_progress", "quality_check", "ready_for_pickup"];

/**
 * Board columns: active jobs per status, soonest due first (undated last), at most `perColumn`
 * each; optionally one owner's (null: nobody's) or rush jobs only.
 */
export function board(
  db: CacheDb,
  perColumn = 100,
  filter: Pick<JobQuery, "ownerId" | "rush"> = {},
): Record<JobStatus, { items: JobSummary[]; total: number }> {
  const result = {} as Record<JobStatus, { items: JobSummary[]; total: number }>;
  const overlayJobs = withJobOverlays(db, [], { includeCompleted: true });
  for (const status of [...ACTIVE, "completed" as const]) {
    result[status] = { items: [], total: 0 };
  }
  const params: unknown[] = [];
  const filters = ownerAndRush(filter, params)
    .map((w) => ` and ${w}`)
    .join("");
  for (const status of ACTIVE) {
    const total = db
      .prepare(`select count(*) from jobs j where j.status = ? and j.deleted_at is null${filters}`)
      .pluck()
      .get(status, ...params) as number;
    const rows = db
      .prepare(
        `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
         where j.status = ? and j.deleted_at is null${filters}
         order by ${orderBy({ sort: "due" })} limit ?`,
      )
      .all(status, ...params, perColumn) as JobSummaryRow[];
    result[status] = { items: rows.map(toJobSummary), total };
  }
  // Apply overlays: a job whose pending status differs moves column.
  for (const [key, patch] of mergedOverlays(db, "job")) {
    let found: JobSummary | undefined;
    for (const status of ACTIVE) {
      const col = result[status];
      const idx = col.items.findIndex((j) => j.jobNumber === key);
      if (idx >= 0) {
        found = col.items[idx];
        col.items.splice(idx, 1);
        col.total -= 1;
      }
    }
    if (!found) found = jobSummary(db, key) ?? overlayJobs.find((j) => j.jobNumber === key);
    if (!found) continue;
    const merged = applyJobPatch(found, patch);
    if (filter.rush && !merged.rush) continue;
    if (filter.ownerId !== undefined && merged.ownerId !== filter.ownerId) continue;
    if (merged.status !== "completed") {
      const col = result[merged.status];
      col.items.unshift(merged);
      col.total += 1;
    }
  }
  return result;
}

/** Cached between pulls: the status bar asks several times a second. */
const countCache = new WeakMap<CacheDb, { jobs: number; customers: number }>();

/** Rows in the mirror (not deleted), for the status bar. */
export function counts(db: CacheDb): { jobs: number; customers: number } {
  const cached = countCache.get(db);
  if (cached) return cached;
  const jobs = db.prepare("select count(*) from jobs where deleted_at is null").pluck().get();
  const customers = db
    .prepare("select count(*) from customers where deleted_at is null")
    .pluck()
    .get();
  const fresh = { jobs: jobs as number, customers: customers as number };
  countCache.set(db, fresh);
  return fresh;
}

/** The mirror changed: the next `counts` reads again. */
export function forgetCounts(db: CacheDb): void {
  countCache.delete(db);
}
