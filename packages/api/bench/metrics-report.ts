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
 * sign-ins, job views, ratings and messages the report reads), then vacuumed as autovacuum
 * would. Each period is computed BENCH_RUNS times (after one warm-up); the median and the
 * slowest are printed, whole report and per query. Baseline: a bare `select 1` round trip.
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
    // As autovacuum leaves a table in use: visibility map set, so index-only scans are possible.
    await sql`vacuum (analyze) customers, jobs, audit_log, job_ratings, job_messages`.execute(db);
    console.log(
      `data: ${made.customers} customers, ${made.jobs} jobs, ${made.history} history rows, ${made.auditRows} audit rows (sign-ins, job views), ${made.ratings} ratings, ${made.conversations.messages} messages (${(made.ms / 1000).toFixed(1)} s)`,
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
