/**
 * Issue 9's promise, measured: a staff write reaches a second console and an open customer page
 * within a second, even while another application holds a write transaction open on the same
 * PostgreSQL server. Real everything: the built portal server as it ships (its /api/trpc, its
 * LISTEN change feed and its customer live-update stream), real PostgreSQL, two consoles
 * (DesktopCore with SQLite caches, signed in over HTTP), a customer signed in with a
 * browser-like EventSource on /customer/events.
 *
 *   npm run build && npm run bench:live -w @traveler/desktop
 *   BENCH_WRITES=30 BENCH_JOBS=100000 BENCH_CUSTOMERS=10000   (defaults)
 *
 * Writes alternate between "quiet" (nothing of ours held open) and "held" (a write transaction
 * open in another database of the same server for the duration of the write), so both series
 * share the same machine load. The PostgreSQL server is shared: the other writers open on it at
 * each write are counted and printed, with the machine's load average.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  createDb,
  DEMO_LOGINS,
  generateBulkData,
  migrateToLatest,
  seedDemoData,
} from "@traveler/db";
import { holdWriteTransaction } from "@traveler/db/testing/hold-transaction";
import { EventSource } from "eventsource";
import { sql } from "kysely";
import { getJob } from "../src/core/cache/job-detail.ts";
import { DesktopCore, memoryVault } from "../src/core/desktop-core.ts";
import { startPortalServer } from "./portal-server.ts";

const WRITES = Number(process.env.BENCH_WRITES ?? 30);
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CUSTOMER = { email: "maria@chenbakery.example", password: DEMO_LOGINS.customerPassword };

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (v: number) => `${Math.round(v)} ms`;

async function until(what: string, probe: () => boolean, started: number, limitMs = 15_000) {
  while (!probe()) {
    if (performance.now() - started > limitMs) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return performance.now() - started;
}

const name = `traveler_bench_live_${randomBytes(4).toString("hex")}`;
const admin = createDb({ connectionString: adminUrl, max: 1 });
await sql.raw(`create database ${name}`).execute(admin.db);
const connectionString = adminUrl.replace(/\/[^/]*$/, `/${name}`);
const handle = createDb({ connectionString, max: 4 });
let portal: { stop(): Promise<void> } | undefined;
const cores: DesktopCore[] = [];
let events: EventSource | undefined;

try {
  await migrateToLatest(handle.db);
  await seedDemoData(handle.db);
  const gen = await generateBulkData(handle.db, { customers: CUSTOMERS, jobs: JOBS });
  console.log(
    `Data: demo shop + ${gen.jobs.toLocaleString()} jobs, ${gen.customers.toLocaleString()} customers`,
  );

  const server = await startPortalServer(connectionString);
  portal = server;
  const base = server.url;
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ");
  console.log(`Machine: ${cpus().length} cores, load average (1/5/15 min) ${load()} at start`);

  // Two consoles: A writes, B is the colleague's screen.
  const dir = mkdtempSync(join(tmpdir(), "traveler-live-"));
  const [a, b] = ["a", "b"].map((n) => {
    const core = new DesktopCore({ cacheFile: join(dir, `${n}.sqlite`), vault: memoryVault() });
    cores.push(core);
    return core;
  }) as [DesktopCore, DesktopCore];
  for (const [core, who] of [
    [a, DEMO_LOGINS.staff],
    [b, DEMO_LOGINS.admin],
  ] as const) {
    await core.signIn({
      serverUrl: base,
      username: who.username,
      password: who.password,
      remember: false,
    });
    await core.syncNow();
  }

  // The customer: signed in, the live-update stream of their open page.
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ kind: "customer", ...CUSTOMER }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (!cookie) throw new Error(`customer sign-in failed (${login.status})`);
  const seenJobs: { at: number; jobs: string[] }[] = [];
  events = new EventSource(`${base}/customer/events`, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, cookie } }),
  });
  events.addEventListener("change", (e) => {
    seenJobs.push({ at: performance.now(), jobs: (JSON.parse(e.data) as { jobs: string[] }).jobs });
  });
  await new Promise<void>((resolve, reject) => {
    events!.onopen = () => resolve();
    events!.onerror = () => reject(new Error("customer stream failed"));
  });

  const customerJobs = await handle.db
    .selectFrom("jobs")
    .innerJoin("customers", "customers.id", "jobs.customer_id")
    .select("jobs.job_number")
    .where("customers.email", "=", CUSTOMER.email)
    .where("jobs.status", "<>", "completed")
    .execute();
  if (customerJobs.length === 0) throw new Error("the demo customer has no active job");

  const series = {
    quiet: {
      console: [] as number[],
      event: [] as number[],
      page: [] as number[],
      others: [] as number[],
    },
    held: {
      console: [] as number[],
      event: [] as number[],
      page: [] as number[],
      others: [] as number[],
    },
  };
  /** Write transactions open on the whole server right now, other than the bench's own hold. */
  const otherWriters = async (ours: number) => {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity
      where backend_xid is not null and pid <> pg_backend_pid()`.execute(handle.db);
    return Number(rows[0]!.n) - ours;
  };
  for (let i = 0; i < WRITES * 2; i++) {
    const kind = i % 2 === 0 ? "quiet" : "held";
    const release = kind === "held" ? await holdWriteTransaction("bench_live") : null;
    try {
      series[kind].others.push(await otherWriters(release ? 1 : 0));
      const jobNumber = customerJobs[i % customerJobs.length]!.job_number;
      const note = `Live bench write ${i}`;
      const from = seenJobs.length;
      const started = performance.now();
      a.setProgress({ jobNumber, progress: (i * 3) % 100, note, visibleToCustomer: true });
      let pageAt = 0;
      const pageSeen = until(
        "the customer page's event",
        () => seenJobs.slice(from).some((e) => e.jobs.includes(jobNumber)),
        started,
      ).then(async (t) => {
        // The page then reloads its data: measure until the page shows the note.
        const html = await fetch(`${base}/customer/job/${jobNumber}`, { headers: { cookie } }).then(
          (r) => r.text(),
        );
        if (!html.includes(note)) throw new Error(`write ${i}: the page did not show the note`);
        pageAt = performance.now() - started;
        return t;
      });
      const consoleAt = await until(
        "console B",
        () => getJob(b.db, jobNumber)?.history.some((h) => h.notes === note) ?? false,
        started,
      );
      const eventAt = await pageSeen;
      series[kind].console.push(consoleAt);
      series[kind].event.push(eventAt);
      series[kind].page.push(pageAt);
    } finally {
      await release?.();
    }
  }
  const line = (label: string, values: number[]) =>
    `${label}: p50 ${ms(pct(values, 50))}, p95 ${ms(pct(values, 95))}, max ${ms(Math.max(...values))}`;
  const QUIET = "nothing of ours held open      ";
  const HELD = "write txn held in another db   ";
  console.log(`\nWrite → second console's SQLite cache (${WRITES} writes each)`);
  console.log(`  ${line(QUIET, series.quiet.console)}`);
  console.log(`  ${line(HELD, series.held.console)}`);
  console.log(
    `Write → the open customer page's /customer/events names the job (${WRITES} writes each)`,
  );
  console.log(`  ${line(QUIET, series.quiet.event)}`);
  console.log(`  ${line(HELD, series.held.event)}`);
  console.log(`Write → the page's reload shows the note (event + GET of the job page)`);
  console.log(`  ${line(QUIET, series.quiet.page)}`);
  console.log(`  ${line(HELD, series.held.page)}`);
  const others = (v: number[]) => `median ${pct(v, 50)}, max ${Math.max(...v)}`;
  console.log(
    `Other write transactions open on the shared server at each write: quiet ${others(series.quiet.others)}; held ${others(series.held.others)}`,
  );
  console.log(`Load average (1/5/15 min) at the end: ${load()}`);
} finally {
  events?.close();
  for (const c of cores) c.close();
  await portal?.stop();
  await handle.close();
  await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
  await admin.close();
}
