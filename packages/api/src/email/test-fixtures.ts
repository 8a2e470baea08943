/** Rows the email tests need, inserted the way the API does (used by tests only). */
import type { Db, JobStatus, NotifyPreference } from "@traveler/db";
import { queueJobUpdateEmail } from "./queue-job-update.ts";

let counter = 0;

export async function insertCustomer(
  db: Db,
  input: { name?: string; email?: string; preference?: NotifyPreference } = {},
): Promise<{ id: number; email: string; name: string }> {
  counter += 1;
  const email = input.email ?? `customer${counter}-${Date.now()}@example.test`;
  const name = input.name ?? `Customer ${counter}`;
  const row = await db
    .insertInto("customers")
    .values({ name, email, notify_preference: input.preference ?? "all" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, email, name };
}

export async function insertJob(
  db: Db,
  customerId: number,
  input: { title?: string; shopNotes?: string; estimatedCompletion?: string } = {},
): Promise<{ id: number; jobNumber: string }> {
  const row = await db
    .insertInto("jobs")
    .values({
      customer_id: customerId,
      title: input.title ?? "Shop sign",
      shop_notes: input.shopNotes ?? "",
      estimated_completion: input.estimatedCompletion ?? null,
    })
    .returning(["id", "job_number"])
    .executeTakeFirstOrThrow();
  return { id: row.id, jobNumber: row.job_number };
}

/** What staff.jobs.setStatus does: history row + job status + email, in one transaction. */
export async function postStatus(
  db: Db,
  job: { id: number },
  customerId: number,
  input: { status: JobStatus; note?: string; visibleToCustomer?: boolean },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("job_status_history")
      .values({
        job_id: job.id,
        status: input.status,
        notes: input.note ?? "",
        visible_to_customer: input.visibleToCustomer ?? true,
      })
      .execute();
    await trx
      .updateTable("jobs")
      .set({
        status: input.status,
        completed_at: input.status === "completed" ? new Date() : null,
      })
      .where("id", "=", job.id)
      .execute();
    if (input.visibleToCustomer ?? true) {
      await queueJobUpdateEmail(trx, { customerId, jobId: job.id });
    }
  });
}
