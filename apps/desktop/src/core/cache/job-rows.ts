import type { JobStatus, SyncJobRow } from "../sync-rows.ts";
import type { CacheDb } from "./database.ts";

/** A job as lists and the board show it (mirror row merged with pending local writes). */
export interface JobSummary
  extends Pick<
    SyncJobRow,
    | "jobNumber"
    | "title"
    | "customerId"
    | "status"
    | "progress"
    | "estimatedCompletion"
    | "ownerId"
    | "rush"
    | "updatedAt"
  > {
  /** Null while the job is queued for creation. */
  id: number | null;
  customerName: string;
  ownerName: string | null;
  /** A local write to this job is not yet confirmed by the server. */
  pending: boolean;
}

/** The columns of a JobSummary (jobs `j` left join customers `c`). */
export const JOB_COLUMNS = `j.id, j.job_number, j.customer_id, j.title, j.status, j.progress,
  j.estimated_completion, j.updated_at, coalesce(c.name, '') as customer_name, j.owner_id, j.rush,
  (select display_name from staff_users where id = j.owner_id) as owner_name`;

export interface JobSummaryRow {
  id: number;
  job_number: string;
  customer_id: number;
  title: string;
  status: JobStatus;
  progress: number;
  estimated_completion: string | null;
  updated_at: string;
  customer_name: string;
  owner_id: number | null;
  rush: number;
  owner_name: string | null;
}

export function toJobSummary(row: JobSummaryRow): JobSummary {
  return {
    id: row.id,
    jobNumber: row.job_number,
    title: row.title,
    customerId: row.customer_id,
    customerName: row.customer_name,
    status: row.status,
    progress: row.progress,
    estimatedCompletion: row.estimated_completion,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    rush: row.rush === 1,
    updatedAt: row.updated_at,
    pending: false,
  };
}

/** A job's summary with a pending write's fields over it. */
export function applyJobPatch(job: JobSummary, patch: Record<string, unknown>): JobSummary {
  const next = { ...job, pending: true };
  if (typeof patch.title === "string") next.title = patch.title;
  if (typeof patch.status === "string") next.status = patch.status as JobStatus;
  if (typeof patch.progress === "number") next.progress = patch.progress;
  if (patch.estimatedCompletion !== undefined) {
    next.estimatedCompletion = patch.estimatedCompletion as string | null;
  }
  if (patch.ownerId !== undefined) next.ownerId = patch.ownerId as number | null;
  if (typeof patch.rush === "boolean") next.rush = patch.rush;
  return next;
}

/** A job queued for creation (key `new:<mutation id>`), before the server has numbered it. */
export function queuedJob(
  db: CacheDb,
  key: string,
  patch: Record<string, unknown>,
  updatedAt: string,
): JobSummary {
  const customerId = Number(patch.customerId);
  return {
    id: null,
    jobNumber: key,
    title: "",
    customerId,
    customerName: customerName(db, customerId),
    status: "not_started",
    progress: 0,
    estimatedCompletion: null,
    ownerId: null,
    ownerName: null,
    rush: false,
    updatedAt,
    pending: true,
  };
}

export function jobSummary(db: CacheDb, jobNumber: string): JobSummary | null {
  const row = db
    .prepare(
      `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
       where j.job_number = ? and j.deleted_at is null`,
    )
    .get(jobNumber) as JobSummaryRow | undefined;
  return row ? toJobSummary(row) : null;
}

function customerName(db: CacheDb, id: number): string {
  const fromMirror = db.prepare("select name from customers where id = ?").pluck().get(id) as
    | string
    | undefined;
  return fromMirror ?? "";
}
