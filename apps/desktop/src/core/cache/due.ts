import type { CacheDb } from "./database.ts";
import { orderBy } from "./job-list.ts";
import {
  applyJobPatch,
  JOB_COLUMNS,
  type JobSummary,
  type JobSummaryRow,
  jobSummary,
  toJobSummary,
} from "./job-rows.ts";
import { mergedOverlays } from "./overlays.ts";

/**
 * The "Due" view: active jobs past their date, due today, and due in the next six days (shop
 * days; `today` is the shop's), soonest first, with queued edits applied.
 */
export function dueJobs(
  db: CacheDb,
  today: string,
): { overdue: JobSummary[]; today: JobSummary[]; week: JobSummary[] } {
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + 6 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const overlays = mergedOverlays(db, "job");
  const rows = db
    .prepare(
      `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
       where j.deleted_at is null and j.status <> 'completed'
         and j.estimated_completion is not null and j.estimated_completion <= ?
       order by ${orderBy({ sort: "due" })} limit 2000`,
    )
    .all(until) as JobSummaryRow[];
  const seen = new Set(rows.map((r) => r.job_number));
  const jobs = rows.map((r) => {
    const patch = overlays.get(r.job_number);
    return patch ? applyJobPatch(toJobSummary(r), patch) : toJobSummary(r);
  });
  // A queued edit can move a job into the window.
  for (const [key, patch] of overlays) {
    if (seen.has(key) || key.startsWith("new:") || patch.estimatedCompletion == null) continue;
    const job = jobSummary(db, key);
    if (job) jobs.push(applyJobPatch(job, patch));
  }
  const out = {
    overdue: [] as JobSummary[],
    today: [] as JobSummary[],
    week: [] as JobSummary[],
  };
  for (const job of jobs.sort((a, b) =>
    (a.estimatedCompletion ?? "").localeCompare(b.estimatedCompletion ?? ""),
  )) {
    const day = job.estimatedCompletion;
    if (!day || job.status === "completed" || day > until) continue;
    (day < today ? out.overdue : day === today ? out.today : out.week).push(job);
  }
  return out;
}
