import type { Db } from "@traveler/db";
import { loadProofs, type StaffProof } from "../proofs/load-proofs.ts";
import {
  buildJobTimeline,
  type CustomerHistoryEntry,
  type JobTimeline,
  type StaffHistoryEntry,
  type TimelineAudience,
  type TimelineProof,
} from "../schemas/job-timeline.ts";

/**
 * The job's status history, newest first; `visibleOnly` leaves out internal entries (the
 * customer's). The caller has already scoped the job (customer) or checked the role (staff).
 */
export async function loadJobHistory(
  db: Db,
  jobId: number,
  options: { visibleOnly?: boolean } = {},
): Promise<StaffHistoryEntry[]> {
  let query = db
    .selectFrom("job_status_history as h")
    .leftJoin("staff_users as s", "s.id", "h.updated_by")
    .select([
      "h.id",
      "h.status",
      "h.progress_percentage",
      "h.notes",
      "h.visible_to_customer",
      "h.kind",
      "h.due_from",
      "h.due_to",
      "h.created_at",
      "s.display_name as updated_by_name",
    ])
    .where("h.job_id", "=", jobId)
    .where("h.deleted_at", "is", null);
  if (options.visibleOnly) query = query.where("h.visible_to_customer", "=", true);
  const rows = await query.orderBy("h.created_at", "desc").orderBy("h.id", "desc").execute();
  return rows.map((h) => ({
    id: h.id,
    status: h.status,
    progress: h.progress_percentage,
    notes: h.notes,
    visibleToCustomer: h.visible_to_customer,
    kind: h.kind,
    dueFrom: h.due_from,
    dueTo: h.due_to,
    createdAt: h.created_at.toISOString(),
    updatedBy: h.updated_by_name,
  }));
}

/** The customer's fields of a (visible) history entry. */
export function customerHistoryEntry(h: StaffHistoryEntry): CustomerHistoryEntry {
  return {
    status: h.status,
    progress: h.progress,
    notes: h.notes,
    kind: h.kind,
    dueFrom: h.dueFrom,
    dueTo: h.dueTo,
    createdAt: h.createdAt,
  };
}

/** A loaded proof version in the fields the timeline reads. */
export function toTimelineProof(p: StaffProof): TimelineProof {
  return {
    version: p.version,
    state: p.state,
    message: p.message,
    sentAt: p.sentAt,
    sentBy: p.sentBy,
    files: p.files.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256 })),
    comments: p.comments.map((c) => ({
      body: c.body,
      byCustomer: c.byCustomer,
      authorName: c.authorName,
      pinNumber: c.pin?.number ?? null,
      createdAt: c.createdAt,
    })),
    decision: p.decision
      ? {
          at: p.decision.at,
          name: p.decision.name,
          approvedFiles: p.decision.approvedFiles,
          ip: p.decisionIp,
          userAgent: p.decisionUserAgent,
        }
      : null,
  };
}

/**
 * The job's timeline for one side: status changes and proof events, newest first, and the
 * version waiting for the customer. The same queries for both sides; the customer's leave out
 * internal history entries and files staff hid, and only staff get the staff-only facts.
 */
export async function loadJobTimeline(
  db: Db,
  jobId: number,
  audience: "staff",
): Promise<JobTimeline<StaffHistoryEntry>>;
export async function loadJobTimeline(
  db: Db,
  jobId: number,
  audience: "customer",
): Promise<JobTimeline<CustomerHistoryEntry>>;
export async function loadJobTimeline(
  db: Db,
  jobId: number,
  audience: TimelineAudience,
): Promise<JobTimeline<StaffHistoryEntry | CustomerHistoryEntry>> {
  const forCustomer = audience === "customer";
  const [history, proofs] = await Promise.all([
    loadJobHistory(db, jobId, { visibleOnly: forCustomer }),
    loadProofs(db, jobId, { forCustomer }),
  ]);
  return forCustomer
    ? customerTimelineFrom(history, proofs)
    : {
        waitingVersion: waitingVersion(proofs),
        events: buildJobTimeline(history, proofs.map(toTimelineProof), "staff"),
      };
}

function waitingVersion(proofs: StaffProof[]): number | null {
  return proofs.find((p) => p.state === "waiting")?.version ?? null;
}

/**
 * The customer's timeline from what a page already loaded: the job's visible history and its
 * proofs as loaded for the customer (`loadProofs(…, { forCustomer: true })`).
 */
export function customerTimelineFrom(
  visibleHistory: StaffHistoryEntry[],
  customerProofs: StaffProof[],
): JobTimeline<CustomerHistoryEntry> {
  return {
    waitingVersion: waitingVersion(customerProofs),
    events: buildJobTimeline(
      visibleHistory.map(customerHistoryEntry),
      customerProofs.map(toTimelineProof),
      "customer",
    ),
  };
}
