import {
  buildJobTimeline,
  type StaffHistoryEntry,
  type TimelineEvent,
} from "@traveler/api/schemas";
import type { JobStatus } from "../sync-rows.ts";
import type { CacheDb } from "./database.ts";
import { type JobSummary, type JobSummaryRow, queuedJob, toJobSummary } from "./job-rows.ts";
import { listOverlays, mergedOverlays } from "./overlays.ts";
import { jobProofs, timelineProof } from "./proofs.ts";

export interface JobDetail extends JobSummary {
  description: string;
  quantity: number;
  specialInstructions: string;
  specifications: { name: string; value: string }[];
  customerNotes: string;
  shopNotes: string;
  completedAt: string | null;
  createdAt: string;
  version: number;
  history: JobHistoryEntry[];
  /**
   * The job's timeline, newest first: the history (queued entries too) interleaved with every
   * proof version's story, as the API tells it to staff (one builder, from the cache: offline too).
   */
  timeline: TimelineEvent<JobHistoryEntry>[];
  photos: {
    id: number;
    caption: string;
    visibleToCustomer: boolean;
    width: number;
    height: number;
    createdAt: string;
  }[];
  /** Files on the job (metadata from the mirror; bytes are downloaded when opened). */
  files: JobFileSummary[];
}

/** A status change as staff see it; a queued one (not pushed yet) has no id. */
export type JobHistoryEntry = Omit<StaffHistoryEntry, "id"> & {
  id: number | null;
  pending: boolean;
};

export interface JobFileSummary {
  id: number;
  fileName: string;
  contentType: string;
  byteSize: number;
  caption: string;
  visibleToCustomer: boolean;
  fromCustomer: boolean;
  pageCount: number | null;
  createdAt: string;
}

type JobDetailRow = JobSummaryRow & {
  description: string;
  quantity: number;
  special_instructions: string;
  specifications: string;
  customer_notes: string;
  shop_notes: string;
  completed_at: string | null;
  version: number;
  created_at: string;
};

/** A job with its history and photos, pending writes merged in (a queued new job too). */
export function getJob(db: CacheDb, jobNumber: string): JobDetail | null {
  const patch = mergedOverlays(db, "job").get(jobNumber);
  const row = db
    .prepare(
      `select j.id, j.job_number, j.customer_id, j.title, j.description, j.quantity,
        j.special_instructions, j.specifications, j.status, j.progress, j.estimated_completion,
        j.customer_notes, j.shop_notes, j.completed_at, j.version, j.created_at, j.updated_at,
        coalesce(c.name, '') as customer_name
       from jobs j left join customers c on c.id = j.customer_id
       where j.job_number = ? and j.deleted_at is null`,
    )
    .get(jobNumber) as JobDetailRow | undefined;
  let detail: JobDetail;
  if (row) {
    detail = {
      ...toJobSummary(row),
      description: row.description,
      quantity: row.quantity,
      specialInstructions: row.special_instructions,
      specifications: JSON.parse(row.specifications) as { name: string; value: string }[],
      customerNotes: row.customer_notes,
      shopNotes: row.shop_notes,
      completedAt: row.completed_at,
      createdAt: row.created_at,
      version: row.version,
      history: history(db, row.id),
      timeline: [],
      photos: photos(db, row.id),
      files: files(db, row.id),
    };
  } else if (patch && jobNumber.startsWith("new:")) {
    const now = new Date().toISOString();
    detail = {
      ...queuedJob(db, jobNumber, patch, now),
      description: "",
      quantity: 1,
      specialInstructions: "",
      specifications: [],
      customerNotes: "",
      shopNotes: "",
      completedAt: null,
      createdAt: now,
      version: 0,
      history: [],
      timeline: [],
      photos: [],
      files: [],
    };
  } else {
    return null;
  }
  if (patch) detail = { ...detail, ...(patch as Partial<JobDetail>), pending: true };
  for (const o of listOverlays(db, "history")) {
    if (o.entityKey !== jobNumber) continue;
    detail.history.unshift({
      id: null,
      status: (o.patch.status as JobStatus) ?? detail.status,
      progress: (o.patch.progress as number | undefined) ?? null,
      notes: String(o.patch.note ?? ""),
      visibleToCustomer: Boolean(o.patch.visibleToCustomer),
      kind: "status",
      dueFrom: null,
      dueTo: null,
      updatedBy: null,
      createdAt: String(o.patch.createdAt ?? new Date().toISOString()),
      pending: true,
    });
  }
  detail.timeline = buildJobTimeline(
    detail.history,
    jobProofs(db, jobNumber).map(timelineProof),
    "staff",
  );
  return detail;
}

function history(db: CacheDb, jobId: number): JobDetail["history"] {
  const rows = db
    .prepare(
      `select h.id, h.status, h.progress, h.notes, h.visible_to_customer, h.created_at,
         h.kind, h.due_from, h.due_to, s.display_name as updated_by
       from job_status_history h left join staff_users s on s.id = h.updated_by
       where h.job_id = ? and h.deleted_at is null order by h.created_at desc, h.id desc`,
    )
    .all(jobId) as {
    id: number;
    status: JobStatus;
    progress: number | null;
    notes: string;
    visible_to_customer: number;
    created_at: string;
    kind: "status" | "due";
    due_from: string | null;
    due_to: string | null;
    updated_by: string | null;
  }[];
  return rows.map((h) => ({
    id: h.id,
    status: h.status,
    progress: h.progress,
    notes: h.notes,
    visibleToCustomer: h.visible_to_customer === 1,
    kind: h.kind,
    dueFrom: h.due_from,
    dueTo: h.due_to,
    updatedBy: h.updated_by,
    createdAt: h.created_at,
    pending: false,
  }));
}

function photos(db: CacheDb, jobId: number): JobDetail["photos"] {
  const rows = db
    .prepare(
      `select id, caption, visible_to_customer, width, height, created_at from job_photos
       where job_id = ? and deleted_at is null order by created_at desc`,
    )
    .all(jobId) as {
    id: number;
    caption: string;
    visible_to_customer: number;
    width: number;
    height: number;
    created_at: string;
  }[];
  return rows.map((p) => ({
    id: p.id,
    caption: p.caption,
    visibleToCustomer: p.visible_to_customer === 1,
    width: p.width,
    height: p.height,
    createdAt: p.created_at,
  }));
}

function files(db: CacheDb, jobId: number): JobFileSummary[] {
  const rows = db
    .prepare(
      `select id, file_name, content_type, byte_size, caption, visible_to_customer,
        uploaded_by_customer, page_count, created_at from job_files
       where job_id = ? and deleted_at is null order by created_at, id`,
    )
    .all(jobId) as {
    id: number;
    file_name: string;
    content_type: string;
    byte_size: number;
    caption: string;
    visible_to_customer: number;
    uploaded_by_customer: number | null;
    page_count: number | null;
    created_at: string;
  }[];
  return rows.map((f) => ({
    id: f.id,
    fileName: f.file_name,
    contentType: f.content_type,
    byteSize: f.byte_size,
    caption: f.caption,
    visibleToCustomer: f.visible_to_customer === 1,
    fromCustomer: f.uploaded_by_customer !== null,
    pageCount: f.page_count,
    createdAt: f.created_at,
  }));
}
