import type { Db } from "@traveler/db";
import type { ProofOutput } from "../schemas/proofs.ts";

/** A proof version as staff see it: the customer's view plus who decided, from where. */
export interface StaffProof extends ProofOutput {
  id: number;
  decisionIp: string | null;
  decisionUserAgent: string | null;
}

/**
 * Every version of a job's proof, newest first, with its files, comments and decision. The caller
 * has already checked that the job is the actor's (customer) or that the actor is staff. For a
 * customer (`forCustomer`), a file staff hid or removed after sending it is left out.
 */
export async function loadProofs(
  db: Db,
  jobId: number,
  options: { forCustomer?: boolean } = {},
): Promise<StaffProof[]> {
  const proofs = await db
    .selectFrom("proofs as p")
    .leftJoin("staff_users as s", "s.id", "p.sent_by")
    .select([
      "p.id",
      "p.version_number",
      "p.state",
      "p.message",
      "p.sent_at",
      "s.display_name as sent_by_name",
      "p.decided_at",
      "p.decision_name",
      "p.decision_ip",
      "p.decision_user_agent",
      "p.approved_files",
    ])
    .where("p.job_id", "=", jobId)
    .where("p.deleted_at", "is", null)
    .orderBy("p.version_number", "desc")
    .execute();
  if (proofs.length === 0) return [];
  const ids = proofs.map((p) => p.id);
  let fileQuery = db
    .selectFrom("proof_files as pf")
    .innerJoin("job_files as f", "f.id", "pf.job_file_id")
    .select(["pf.proof_id", "f.id", "f.file_name", "f.content_type", "f.byte_size", "pf.sha256"])
    .where("pf.proof_id", "in", ids)
    .where("pf.deleted_at", "is", null);
  if (options.forCustomer) {
    fileQuery = fileQuery
      .where("f.visible_to_customer", "=", true)
      .where("f.deleted_at", "is", null);
  }
  const [files, comments] = await Promise.all([
    fileQuery.orderBy("pf.proof_id").orderBy("pf.position").execute(),
    db
      .selectFrom("proof_comments as c")
      .leftJoin("customers as cu", "cu.id", "c.customer_id")
      .leftJoin("staff_users as s", "s.id", "c.staff_id")
      .leftJoin("proof_files as pf", "pf.id", "c.proof_file_id")
      .select([
        "c.id",
        "c.proof_id",
        "c.body",
        "c.customer_id",
        "cu.name as customer_name",
        "s.display_name as staff_name",
        "c.pin_number",
        "c.pin_x",
        "c.pin_y",
        "pf.job_file_id as pin_file_id",
        "c.created_at",
      ])
      .where("c.proof_id", "in", ids)
      .where("c.deleted_at", "is", null)
      .orderBy("c.id")
      .execute(),
  ]);
  return proofs.map((p) => ({
    id: p.id,
    version: p.version_number,
    state: p.state,
    message: p.message,
    sentAt: p.sent_at.toISOString(),
    sentBy: p.sent_by_name,
    files: files
      .filter((f) => f.proof_id === p.id)
      .map((f) => ({
        id: f.id,
        fileName: f.file_name,
        contentType: f.content_type,
        byteSize: Number(f.byte_size),
        sha256: f.sha256,
      })),
    comments: comments
      .filter((c) => c.proof_id === p.id)
      .map((c) => ({
        id: c.id,
        body: c.body,
        byCustomer: c.customer_id !== null,
        authorName: c.customer_name ?? c.staff_name ?? "",
        pin:
          c.pin_number !== null && c.pin_x !== null && c.pin_y !== null && c.pin_file_id !== null
            ? { number: c.pin_number, fileId: c.pin_file_id, x: c.pin_x, y: c.pin_y }
            : null,
        createdAt: c.created_at.toISOString(),
      })),
    decision: p.decided_at
      ? {
          at: p.decided_at.toISOString(),
          name: p.decision_name,
          approvedFiles: p.approved_files,
        }
      : null,
    decisionIp: p.decision_ip,
    decisionUserAgent: p.decision_user_agent,
  }));
}

/** The job's proof waiting for a decision, if any (the guard and the banners ask this). */
export async function waitingProof(
  db: Db,
  jobId: number,
): Promise<{ id: number; version: number } | null> {
  const row = await db
    .selectFrom("proofs")
    .select(["id", "version_number"])
    .where("job_id", "=", jobId)
    .where("state", "=", "waiting")
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row ? { id: row.id, version: row.version_number } : null;
}
