import type { Db } from "@traveler/db";
import type { ThreadMessage } from "../schemas/messages.ts";

/**
 * The messages of one job's thread, oldest first, with each author's name. Callers have already
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
  return rows.map((m) => ({
    id: m.id,
    author: m.author_type,
    authorName: (m.author_type === "customer" ? m.customer_name : m.staff_name) ?? "",
    body: m.body,
    createdAt: m.created_at.toISOString(),
    readAt: m.read_at?.toISOString() ?? null,
  }));
}

/** Marks the other side's messages in a thread as read by `reader`; returns how many. */
export async function markThreadRead(
  db: Db,
  jobId: number,
  reader: "customer" | "staff",
  at: Date,
): Promise<number> {
  const result = await db
    .updateTable("job_messages")
    .set({ read_at: at })
    .where("job_id", "=", jobId)
    .where("author_type", "=", reader === "customer" ? "staff" : "customer")
    .where("read_at", "is", null)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
