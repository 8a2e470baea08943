import type { CacheDb } from "./database.ts";

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
  files: { jobFileId: number; sha256: string }[];
  comments: {
    id: number;
    body: string;
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
         p.decided_at, p.decision_name, p.decision_ip
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
  }[];
  const files = db.prepare(
    `select job_file_id, sha256 from proof_files
     where proof_id = ? and deleted_at is null order by position`,
  );
  const comments = db.prepare(
    `select c.id, c.body, c.pin_number, c.pin_x, c.pin_y, f.job_file_id, c.created_at,
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
    files: (files.all(p.id) as { job_file_id: number; sha256: string }[]).map((f) => ({
      jobFileId: f.job_file_id,
      sha256: f.sha256,
    })),
    comments: (
      comments.all(p.id) as {
        id: number;
        body: string;
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
      authorName: c.author,
      pin:
        c.pin_number !== null && c.pin_x !== null && c.pin_y !== null && c.job_file_id !== null
          ? { number: c.pin_number, jobFileId: c.job_file_id, x: c.pin_x, y: c.pin_y }
          : null,
      createdAt: c.created_at,
    })),
  }));
}
