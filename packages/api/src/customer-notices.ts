import type { Db } from "@traveler/db";

export interface CustomerNotices {
  /** Unread shop messages per job (live or completed), by job number. */
  unread: { total: number; byJob: { jobNumber: string; unread: number }[] };
  /** Jobs with a proof waiting for the customer's answer, oldest sent first. */
  proofsWaiting: { jobNumber: string; title: string; version: number }[];
}

/**
 * What asks for the customer's attention across their jobs (the dashboard's banner and message
 * counts), in one statement: only their live jobs that have an unread shop message or a proof
 * waiting. `customer.messages.unread`, `customer.proofs.waiting` and `customer.notices` all
 * answer from here.
 */
export async function loadCustomerNotices(db: Db, customerId: number): Promise<CustomerNotices> {
  const perJob = db
    .selectFrom("jobs as j")
    .select((eb) => {
      const waiting = eb
        .selectFrom("proofs as p")
        .whereRef("p.job_id", "=", "j.id")
        .where("p.state", "=", "waiting")
        .where("p.deleted_at", "is", null)
        .limit(1);
      return [
        "j.job_number",
        "j.title",
        eb
          .selectFrom("job_messages as m")
          .select((u) => u.fn.countAll<string>().as("n"))
          .whereRef("m.job_id", "=", "j.id")
          .where("m.author_type", "=", "staff")
          .where("m.read_at", "is", null)
          .where("m.deleted_at", "is", null)
          .as("unread"),
        waiting.select("p.version_number").as("waiting_version"),
        waiting.select("p.sent_at").as("waiting_sent_at"),
      ];
    })
    .where("j.customer_id", "=", customerId)
    .where("j.deleted_at", "is", null);
  const rows = await db
    .selectFrom(perJob.as("t"))
    .selectAll()
    .where((eb) => eb.or([eb("t.unread", ">", "0"), eb("t.waiting_version", "is not", null)]))
    .execute();
  const byJob = rows
    .map((r) => ({ jobNumber: r.job_number, unread: Number(r.unread ?? 0) }))
    .filter((r) => r.unread > 0)
    .sort((a, b) => (a.jobNumber < b.jobNumber ? -1 : a.jobNumber > b.jobNumber ? 1 : 0));
  const proofsWaiting = rows
    .filter((r) => r.waiting_version !== null && r.waiting_sent_at !== null)
    .sort((a, b) => a.waiting_sent_at!.getTime() - b.waiting_sent_at!.getTime())
    .map((r) => ({ jobNumber: r.job_number, title: r.title, version: r.waiting_version! }));
  return { unread: { total: byJob.reduce((sum, r) => sum + r.unread, 0), byJob }, proofsWaiting };
}
