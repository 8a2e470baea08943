import type { TimelineProof } from "@traveler/api/schemas";
import { SHOWN_AS_IS } from "../proof-images.ts";
import type { CacheDb } from "./database.ts";

const SHOWN_AS_IS_SQL = `(${Object.keys(SHOWN_AS_IS)
  .map((t) => `'${t}'`)
  .join(", ")})`;

/** A proof version as the console shows it (from the mirror: live through sync). */
export interface CachedProof {
  id: number;
  version: number;
  state: "waiting" | "approved" | "changes_requested" | "superseded";
  message: string;
  sentAt: string;
  sentBy: string | null;
  decidedAt: string | null;
  decisionName: string | null;
  decisionIp: string | null;
  decisionUserAgent: string | null;
  /** The exact files approved (file id and sha256 as sent). */
  approvedFiles: { fileId: number; sha256: string }[] | null;
  files: {
    jobFileId: number;
    fileName: string | null;
    sha256: string;
    /** An image, or a file with a preview picture (a PDF's first page): pins can be drawn. */
    hasImage: boolean;
  }[];
  comments: {
    id: number;
    body: string;
    byCustomer: boolean;
    authorName: string;
    pin: { number: number; jobFileId: number; x: number; y: number } | null;
    createdAt: string;
  }[];
}

/** Every version of the job's proof, newest first, with files and comments (pins). */
export function jobProofs(db: CacheDb, jobNumber: string): CachedProof[] {
  const proofs = db
    .prepare(
      `select p.id, p.version_number, p.state, p.message, p.sent_at, s.display_name as sent_by,
         p.decided_at, p.decision_name, p.decision_ip, p.decision_user_agent, p.approved_files
       from proofs p join jobs j on j.id = p.job_id
       left join staff_users s on s.id = p.sent_by
       where j.job_number = ? and p.deleted_at is null
       order by p.version_number desc`,
    )
    .all(jobNumber) as {
    id: number;
    version_number: number;
    state: CachedProof["state"];
    message: string;
    sent_at: string;
    sent_by: string | null;
    decided_at: string | null;
    decision_name: string | null;
    decision_ip: string | null;
    decision_user_agent: string | null;
    approved_files: string | null;
  }[];
  const files = db.prepare(
    `select pf.job_file_id, f.file_name, pf.sha256,
       coalesce(f.has_thumbnail or f.content_type in ${SHOWN_AS_IS_SQL}, 0) as has_image
     from proof_files pf
     left join job_files f on f.id = pf.job_file_id
     where pf.proof_id = ? and pf.deleted_at is null order by pf.position`,
  );
  const comments = db.prepare(
    `select c.id, c.body, c.customer_id, c.pin_number, c.pin_x, c.pin_y, f.job_file_id, c.created_at,
       coalesce(cu.name, s.display_name, '') as author
     from proof_comments c
     left join proof_files f on f.id = c.proof_file_id
     left join customers cu on cu.id = c.customer_id
     left join staff_users s on s.id = c.staff_id
     where c.proof_id = ? and c.deleted_at is null order by c.id`,
  );
  return proofs.map((p) => ({
    id: p.id,
    version: p.version_number,
    state: p.state,
    message: p.message,
    sentAt: p.sent_at,
    sentBy: p.sent_by,
    decidedAt: p.decided_at,
    decisionName: p.decision_name,
    decisionIp: p.decision_ip,
    decisionUserAgent: p.decision_user_agent,
    approvedFiles: p.approved_files
      ? (JSON.parse(p.approved_files) as CachedProof["approvedFiles"])
      : null,
    files: (
      files.all(p.id) as {
        job_file_id: number;
        file_name: string | null;
        sha256: string;
        has_image: number;
      }[]
    ).map((f) => ({
      jobFileId: f.job_file_id,
      fileName: f.file_name,
      sha256: f.sha256,
      hasImage: f.has_image === 1,
    })),
    comments: (
      comments.all(p.id) as {
        id: number;
        body: string;
        customer_id: number | null;
        pin_number: number | null;
        pin_x: number | null;
        pin_y: number | null;
        job_file_id: number | null;
        created_at: string;
        author: string;
      }[]
    ).map((c) => ({
      id: c.id,
      body: c.body,
      byCustomer: c.customer_id !== null,
      authorName: c.author,
      pin:
        c.pin_number !== null && c.pin_x !== null && c.pin_y !== null && c.job_file_id !== null
          ? { number: c.pin_number, jobFileId: c.job_file_id, x: c.pin_x, y: c.pin_y }
          : null,
      createdAt: c.created_at,
    })),
  }));
}

/** A cached version in the fields the job's timeline reads (the API's builder, shared). */
export function timelineProof(p: CachedProof): TimelineProof {
  return {
    version: p.version,
    state: p.state,
    message: p.message,
    sentAt: p.sentAt,
    sentBy: p.sentBy,
    files: p.files.map((f) => ({
      id: f.jobFileId,
      fileName: f.fileName ?? `File ${f.jobFileId}`,
      sha256: f.sha256,
    })),
    comments: p.comments.map((c) => ({
      body: c.body,
      byCustomer: c.byCustomer,
      authorName: c.authorName,
      pinNumber: c.pin?.number ?? null,
      createdAt: c.createdAt,
    })),
    decision: p.decidedAt
      ? {
          at: p.decidedAt,
          name: p.decisionName,
          approvedFiles: p.approvedFiles,
          ip: p.decisionIp,
          userAgent: p.decisionUserAgent,
        }
      : null,
  };
}

/** The job's files a proof can be made of (the console's send form), newest first. */
export function proofFileChoices(
  db: CacheDb,
  jobNumber: string,
): { id: number; fileName: string; visibleToCustomer: boolean }[] {
  const rows = db
    .prepare(
      `select f.id, f.file_name, f.visible_to_customer from job_files f
       join jobs j on j.id = f.job_id
       where j.job_number = ? and f.deleted_at is null order by f.created_at desc, f.id desc`,
    )
    .all(jobNumber) as { id: number; file_name: string; visible_to_customer: number }[];
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    visibleToCustomer: r.visible_to_customer === 1,
  }));
}
