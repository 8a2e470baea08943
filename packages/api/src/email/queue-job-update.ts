/**
 * Job-update emails: decided by the customer's preference, coalesced per customer.
 *
 * Called in the transaction of a customer-visible status change, after its job_status_history
 * row is inserted. The newest customer-visible history row of the job is what gets reported.
 * While a customer's job-update row is still `queued` (the worker holds it for the coalescing
 * window), later updates merge into it; the partial unique index on `coalesce_key` makes that
 * merge safe when two transactions race. The body is rendered when the worker claims the row
 * (it needs the public URL and signing key), so it shows the job as it is at sending time.
 */
import type { Db, JobStatus } from "@traveler/db";
import { sql } from "kysely";

export interface JobUpdateEmail {
  customerId: number;
  jobId: number;
}

/** Statuses a "milestones" customer hears about. */
export const MILESTONE_STATUSES: readonly JobStatus[] = ["ready_for_pickup", "completed"];

export function jobUpdateCoalesceKey(customerId: number): string {
  return `job-update:${customerId}`;
}

export async function queueJobUpdateEmail(trx: Db, update: JobUpdateEmail): Promise<void> {
  const customer = await trx
    .selectFrom("customers")
    .select(["email", "notify_preference"])
    .where("id", "=", update.customerId)
    .where("deleted_at", "is", null)
    .where("portal_enabled", "=", true)
    .executeTakeFirst();
  if (!customer || customer.notify_preference === "none") return;

  const latest = await trx
    .selectFrom("job_status_history as h")
    .innerJoin("jobs as j", "j.id", "h.job_id")
    .select(["h.id", "h.status", "h.kind"])
    .where("h.job_id", "=", update.jobId)
    .where("j.customer_id", "=", update.customerId)
    .where("j.deleted_at", "is", null)
    .where("h.visible_to_customer", "=", true)
    .where("h.deleted_at", "is", null)
    .orderBy("h.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest) return;

  // A moved date is news for everyone who gets emails; status changes only at milestones.
  if (customer.notify_preference === "milestones" && latest.kind === "status") {
    if (!MILESTONE_STATUSES.includes(latest.status)) return;
    // A progress note on a job that already was ready is not a new milestone.
    const previous = await trx
      .selectFrom("job_status_history")
      .select("status")
      .where("job_id", "=", update.jobId)
      .where("id", "<", latest.id)
      .where("deleted_at", "is", null)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    if (previous?.status === latest.status) return;
  }

  // Reported already (a repeated call for the same change): nothing to add.
  const reported = await trx
    .selectFrom("email_outbox")
    .select("id")
    .where("customer_id", "=", update.customerId)
    .where("kind", "=", "job_update")
    .where(sql<boolean>`job_history_ids @> array[${latest.id}]::bigint[]`)
    .executeTakeFirst();
  if (reported) return;

  await trx
    .insertInto("email_outbox")
    .values({
      kind: "job_update",
      customer_id: update.customerId,
      to_address: customer.email,
      subject: "Job update",
      text_body: "",
      html_body: "",
      coalesce_key: jobUpdateCoalesceKey(update.customerId),
      job_history_ids: [latest.id],
    })
    .onConflict((oc) =>
      oc
        .column("coalesce_key")
        .where("status", "=", "queued")
        .where("coalesce_key", "is not", null)
        .doUpdateSet((eb) => ({
          job_history_ids: eb(
            "email_outbox.job_history_ids",
            "||",
            eb.ref("excluded.job_history_ids"),
          ),
          to_address: eb.ref("excluded.to_address"),
          updated_at: eb.fn("now"),
        })),
    )
    .execute();
}
