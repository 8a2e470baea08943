/**
 * The admin metrics report at scale (issue 14). Figures are printed; docs/benchmarks.md records
 * them. Needs PostgreSQL on 127.0.0.1.
 *
 *   npm run bench -w @traveler/api
 *   BENCH_CUSTOMERS=10000 BENCH_JOBS=100000 BENCH_RUNS=7 (defaults)
 *   BENCH_DATABASE_URL=postgres://… reuses a generated database instead of making one
 *   BENCH_EXPLAIN=1 prints EXPLAIN ANALYZE of each query for the 90-day period
 *
 * A fresh database, migrated and filled by generateBulkData (which also makes the portal
 * sign-ins, job views and ratings the report reads), then vacuumed as autovacuum would. Each period is computed BENCH_RUNS times
 * (after one warm-up); the median and the slowest are printed, whole report and per query.
 * Baselines: a bare `select 1` round trip, and the older 12-week portalAdoption query.
 */
import { randomBytes } from "node:crypto";
import { createDb, type Db, generateBulkData, migrateToLatest } from "@traveler/db";
import { sql } from "kysely";
import pg from "pg";
import {
  adoptionCounts,
  jobViewCounts,
  metricsReport,
  periodBounds,
  ratingCounts,
  replyTimes,
  statusMessageCounts,
} from "../src/reports/metrics-report.ts";
import { presetPeriod } from "../src/schemas/report.ts";
import { dayInZone } from "../src/schemas/shop-time.ts";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME_ZONE = "America/Los_Angeles";

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, max: times.at(-1) ?? 0 };
}

const ms = (t: { median: number; max: number }) =>
  `${t.median.toFixed(1)} ms (max ${t.max.toFixed(1)})`;

async function explain(db: Db, label: string, query: string, params: unknown[]) {
  const plan = await sql
    .raw<{ "QUERY PLAN": string }>(
      `explain (analyze, buffers, costs off) ${query.replace(/\$(\d+)/g, (_, n) => `'${String(params[Number(n) - 1])}'`)}`,
    )
    .execute(db);
  console.log(`\n-- ${label}`);
  for (const row of plan.rows) console.log(row["QUERY PLAN"]);
}

/**
 * Message threads for the reply metrics (the generator makes none): on every fifth job a customer
 * question a day after it was created (every third one about status), a staff reply 5 to 240
 * minutes later, and on every tenth job a second question and reply a day later.
 */
async function benchMessages(db: Db): Promise<number> {
  const staff = await sql<{ id: number }>`
    insert into staff_users (username, display_name, password_hash)
    values ('bench-replies', 'Bench Replies', 'not-a-login') returning id`.execute(db);
  const staffId = staff.rows[0]?.id;
  const result = await sql`
    insert into job_messages (job_id, author_type, author_customer_id, author_staff_id, body, created_at)
    select j.id, m.side, case when m.side = 'customer' then j.customer_id end,
           case when m.side = 'staff' then ${staffId}::bigint end,
           case when m.side = 'staff' then 'Thanks, we are on it.'
                when j.id % 3 = 0 then 'When will it be ready?' else 'Can you use the darker blue?' end,
           j.created_at + interval '1 day' * m.round
             + case when m.side = 'staff' then interval '1 minute' * (5 + j.id % 236) else interval '0' end
    from jobs j
    cross join lateral (values ('customer', 1), ('staff', 1), ('customer', 2), ('staff', 2))
      as m(side, round)
    where j.id % 5 = 0 and (m.round = 1 or j.id % 10 = 0)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

const own = process.env.BENCH_DATABASE_URL;
const name = `traveler_bench_report_${randomBytes(3).toString("hex")}`;
if (!own) await admin(`create database ${name}`);
const handle = createDb({
  connectionString: own ?? ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
  max: 4,
});
try {
  const db = handle.db;
  if (!own) {
    await migrateToLatest(db);
    const made = await generateBulkData(db, { customers: CUSTOMERS, jobs: JOBS });
    const messages = await benchMessages(db);
    console.log(`messages: ${messages} (bench-only threads on 20% of jobs)`);
    // As autovacuum leaves a table in use: visibility map set, so index-only scans are possible.
    await sql`vacuum (analyze) customers, jobs, audit_log, job_ratings, job_messages`.execute(db);
    console.log(
      `data: ${made.customers} customers, ${made.jobs} jobs, ${made.history} history rows, ${made.auditRows} audit rows (sign-ins, job views), ${made.ratings} ratings (${(made.ms / 1000).toFixed(1)} s)`,
    );
  }
  const today = dayInZone(new Date(), TIME_ZONE);
  const periods: [string, { from: string; to: string }][] = [
    ["last 30 days", presetPeriod(30, today)],
    ["last 90 days", presetPeriod(90, today)],
    ["last 365 days", presetPeriod(365, today)],
    ["10 years", presetPeriod(3_660, today)],
  ];
  console.log(`\nbaseline select 1: ${ms(await timed(() => sql`select 1`.execute(db)))}`);
  for (const [label, period] of periods) {
    const p = { ...period, timeZone: TIME_ZONE };
    const bounds = await periodBounds(db, p);
    const report = await metricsReport(db, p);
    console.log(
      `\n${label} (${period.from} … ${period.to}): replies ${report.replies.answered}/${report.replies.questions} median ${report.replies.medianMinutes} min, status messages ${report.statusQuestions.statusMessages}/${report.statusQuestions.customerMessages}, adoption ${report.adoption.count}/${report.adoption.of}, satisfaction ${report.satisfaction.count}/${report.satisfaction.of}, views ${report.statusQuestions.jobViews} over ${report.statusQuestions.activeJobs} jobs`,
    );
    console.log(`  whole report   ${ms(await timed(() => metricsReport(db, p)))}`);
    console.log(`  adoption       ${ms(await timed(() => adoptionCounts(db, bounds)))}`);
    console.log(`  ratings        ${ms(await timed(() => ratingCounts(db, bounds)))}`);
    console.log(`  job views      ${ms(await timed(() => jobViewCounts(db, bounds)))}`);
    console.log(`  reply times    ${ms(await timed(() => replyTimes(db, bounds)))}`);
    console.log(`  status msgs    ${ms(await timed(() => statusMessageCounts(db, bounds)))}`);
  }
  if (process.env.BENCH_EXPLAIN) {
    const bounds = await periodBounds(db, { ...presetPeriod(90, today), timeZone: TIME_ZONE });
    const [s, e] = [bounds.start.toISOString(), bounds.end.toISOString()];
    await explain(
      db,
      "customers with a job in the period",
      `select count(distinct j.customer_id) from jobs j join customers c on c.id = j.customer_id and c.deleted_at is null
       where j.deleted_at is null and j.created_at < $2 and (j.completed_at is null or j.completed_at >= $1)`,
      [s, e],
    );
    await explain(
      db,
      "customers who signed in",
      `select count(distinct actor_id) from audit_log where action = 'auth.login.success' and actor_type = 'customer' and at >= $1 and at < $2`,
      [s, e],
    );
    await explain(
      db,
      "job views",
      `select count(*) from audit_log where action = 'customer.job.view' and actor_type = 'customer' and at >= $1 and at < $2`,
      [s, e],
    );
    await explain(
      db,
      "ratings",
      `select rating, count(*) from job_ratings where created_at >= $1 and created_at < $2 group by rating`,
      [s, e],
    );
  }
} finally {
  await handle.close();
  if (!own) await admin(`drop database if exists ${name}`);
}
