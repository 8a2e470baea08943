import type { Db } from "@traveler/db";
import type { ThreadMessage } from "../schemas/messages.ts";

/**
 * The messages of one job's thread, oldest first, with each author's name and attached files
 * (only files the customer may see: a customer's own uploads, and staff attachments, which
 * attaching makes visible). Callers have already
 * established that the reader may see this job (the customer's own job, or staff).
 */
export async function loadThread(db: Db, jobId: number): Promise<ThreadMessage[]> {
  const rows = await db
    .selectFrom("job_messages as m")
    .leftJoin("customers as c", "c.id", "m.author_customer_id")
    .leftJoin("staff_users as s", "s.id", "m.author_staff_id")
    .select([
      "m.id",
      "m.author_type",
      "c.name as customer_name",
      "s.display_name as staff_name",
      "m.body",
      "m.created_at",
      "m.read_at",
    ])
    .where("m.job_id", "=", jobId)
    .where("m.deleted_at", "is", null)
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
  const files = await db
    .selectFrom("job_files")
    .select(["id", "message_id", "file_name", "byte_size"])
    .where("job_id", "=", jobId)
    .where("message_id", "is not", null)
    .where("deleted_at", "is", null)
    .where("visible_to_customer", "=", true)
    .orderBy("id")
    .execute();
  return rows.map((m) => ({
    id: m.id,
    author: m.author_type,
    authorName: (m.author_type === "customer" ? m.customer_name : m.staff_name) ?? "",
    body: m.body,
    createdAt: m.created_at.toISOString(),
    readAt: m.read_at?.toISOString() ?? null,
    attachments: files
      .filter((f) => f.message_id === m.id)
      .map((f) => ({ id: f.id, fileName: f.file_name, byteSize: f.byte_size })),
  }));
}

/**
 * Marks the other side's messages in a thread as read by `reader`; returns how many.
 * `throughId`: only messages up to this one (those the reader was shown), so a message that
 * arrives meanwhile stays unread.
 */
export async function markThreadRead(
  db: Db,
  jobId: number,
  reader: "customer" | "staff",
  at: Date,
  throughId?: number,
): Promise<number> {
  let query = db.updateTable("job_messages").set({ read_at: at }).where("job_id", "=", jobId);
  if (throughId !== undefined) query = query.where("id", "<=", throughId);
  const result = await query
    .where("author_type", "=", reader === "customer" ? "staff" : "customer")
    .where("read_at", "is", null)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
