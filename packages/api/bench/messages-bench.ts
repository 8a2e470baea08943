/**
 * Messages and quote requests at scale (issue 14): times the procedures that read the new tables
 * on a database filled by `npm run db:generate` (default 10,000 customers, 100,000 jobs), through
 * the real router. Usage:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/traveler_bench npx tsx bench/messages-bench.ts
 */
import { createDb } from "@traveler/db";
import { sql } from "kysely";
import { systemClock } from "../src/clock.ts";
import { type Actor, createContextInner } from "../src/context.ts";
import { createCaller } from "../src/router.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("Set DATABASE_URL to a generated database.");
const { db, close } = createDb({ connectionString: url, max: 4 });
const services = {
  db,
  clock: systemClock,
  config: {
    publicUrl: "http://bench.test",
    altchaHmacKey: "bench",
    sessionMaxAgeDays: 30,
    altchaMaxNumber: 1000,
    loginDelayScale: 0,
  },
};
const staffRow = await db
  .selectFrom("staff_users")
  .select(["id", "username", "display_name"])
  .orderBy("id")
  .limit(1)
  .executeTakeFirstOrThrow();
// The customer with the most threads (the heaviest unread count).
const busiest = await db
  .selectFrom("job_messages as m")
  .innerJoin("jobs as j", "j.id", "m.job_id")
  .innerJoin("customers as c", "c.id", "j.customer_id")
  .select(["c.id", "c.name", "c.email", "j.job_number", (eb) => eb.fn.countAll<string>().as("n")])
  .groupBy(["c.id", "c.name", "c.email", "j.job_number"])
  .orderBy("n", "desc")
  .limit(1)
  .executeTakeFirstOrThrow();
const staff: Actor = {
  type: "staff",
  staffId: staffRow.id,
  username: staffRow.username,
  name: staffRow.display_name,
  role: "admin",
  sessionId: "bench",
  idleExpiresAt: new Date(Date.now() + 3_600_000),
};
const customer: Actor = {
  type: "customer",
  customerId: busiest.id,
  name: busiest.name,
  email: busiest.email,
  sessionId: "bench",
  idleExpiresAt: new Date(Date.now() + 3_600_000),
};
const as = (actor: Actor) =>
  createCaller(createContextInner({ services, actor, request: { ip: null, userAgent: "bench" } }));

async function time(name: string, run: () => Promise<unknown>, n = 40): Promise<void> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  console.log(`| ${name} | ${p(0.5)} ms | ${p(0.95)} ms |`);
}

const counts = await db
  .selectFrom("job_messages")
  .select((eb) => eb.fn.countAll<string>().as("n"))
  .executeTakeFirstOrThrow();
console.log(`job_messages: ${counts.n} rows`);
console.log("| procedure | p50 | p95 |\n| --- | --- | --- |");
await time("staff.messages.inbox (waiting, limit 100)", () => as(staff).staff.messages.inbox());
await time("staff.messages.inbox (with answered)", () =>
  as(staff).staff.messages.inbox({ includeAnswered: true }),
);
// A shop that keeps up: every waiting thread answered, so the inbox lists answered threads. The
// bench's replies are removed afterwards (soft-deleted, as every delete of a message is).
const replies = await sql<{ id: number }>`
  insert into job_messages (job_id, author_type, author_staff_id, body)
  select job_id, 'staff', ${staffRow.id}, 'Bench reply.'
  from (select distinct on (job_id) job_id, author_type from job_messages
        where deleted_at is null order by job_id, created_at desc, id desc) last
  where author_type = 'customer'
  returning id`.execute(db);
try {
  await time(
    `staff.messages.inbox (with answered, none waiting: ${replies.rows.length} just answered)`,
    () => as(staff).staff.messages.inbox({ includeAnswered: true }),
  );
} finally {
  await sql`delete from job_messages where id = any(${replies.rows.map((r) => r.id)})`.execute(db);
}
await time("staff.quotes.list", () => as(staff).staff.quotes.list());
await time("customer.messages.unread", () => as(customer).customer.messages.unread());
await time("customer.messages.thread", () =>
  as(customer).customer.messages.thread({ jobNumber: busiest.job_number }),
);
await time("customer.lastChange (page ETag)", () => as(customer).customer.lastChange());
await close();
