import type { Db } from "@traveler/db";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { ThreadMessage } from "../schemas/messages.ts";

/**
 * The messages of one job's thread, oldest first, with each author's name and attached files
 * (only files the customer may see: a customer's own uploads, and staff attachments, which
 * attaching makes visible). Callers have already
 * established that the reader may see this job (the customer's own job, or staff).
 */
export async function loadThread(db: Db, jobId: number): Promise<ThreadMessage[]> {
  // One statement: each message with its files as a JSON list.
  const rows = await db
    .selectFrom("job_messages as m")
    .leftJoin("customers as c", "c.id", "m.author_customer_id")
    .leftJoin("staff_users as s", "s.id", "m.author_staff_id")
    .select((eb) => [
      "m.id",
      "m.author_type",
      "c.name as customer_name",
      "s.display_name as staff_name",
      "m.body",
      "m.created_at",
      "m.read_at",
      jsonArrayFrom(
        eb
          .selectFrom("job_files as f")
          .select(["f.id", "f.file_name as fileName", "f.byte_size as byteSize"])
          .whereRef("f.message_id", "=", "m.id")
          .where("f.job_id", "=", jobId)
          .where("f.deleted_at", "is", null)
          .where("f.visible_to_customer", "=", true)
          .orderBy("f.id"),
      ).as("attachments"),
    ])
    .where("m.job_id", "=", jobId)
    .where("m.deleted_at", "is", null)
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
  return rows.map((m) => ({
    id: m.id,
    author: m.author_type,
    authorName: (m.author_type === "customer" ? m.customer_name : m.staff_name) ?? "",
    body: m.body,
    createdAt: m.created_at.toISOString(),
    readAt: m.read_at?.toISOString() ?? null,
    attachments: m.attachments.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      byteSize: f.byteSize,
    })),
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
