/**
 * Console benchmarks (docs/benchmarks.md, "Console"): real PostgreSQL, the real API over HTTP,
 * real SQLite cache files.
 *
 *   npm run bench -w @traveler/desktop            # 100,000 jobs / 10,000 customers
 *   BENCH_JOBS=20000 BENCH_CUSTOMERS=2000 npm run bench -w @traveler/desktop
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, generateBulkData, hashPassword, migrateToLatest } from "@traveler/db";
import { sql } from "kysely";
import { board, counts } from "../src/core/cache/board.ts";
import { getJob } from "../src/core/cache/job-detail.ts";
import { listJobs } from "../src/core/cache/job-list.ts";
import { getState } from "../src/core/cache/sync-state.ts";
import { DesktopCore, memoryVault } from "../src/core/desktop-core.ts";
import { STAFF_PASSWORD } from "../src/testing/api-test-server.ts";
import { startByteCounter } from "./byte-counter.ts";
import { startPortalServer } from "./portal-server.ts";

const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

const name = "traveler_bench_boot";
const admin = createDb({ connectionString: adminUrl, max: 1 });
const exists = (await sql`select 1 from pg_database where datname = ${name}`.execute(admin.db)).rows.length > 0;
if (!exists) await sql.raw(`create database ${name}`).execute(admin.db);
const connectionString = adminUrl.replace(/\/[^/]*$/, `/${name}`);
const handle = createDb({ connectionString, max: 8 });
const database = {
  ...handle,
  name,
  connectionString,
  async drop() {
    await handle.close();
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
    await admin.close();
  },
};
const dir = mkdtempSync(join(tmpdir(), "traveler-bench-"));
let portal: Awaited<ReturnType<typeof startPortalServer>> | undefined;
let wire: Awaited<ReturnType<typeof startByteCounter>> | undefined;
const cores: DesktopCore[] = [];

try {
  await migrateToLatest(handle.db);
  const gen = exists ? { jobs: 0, customers: 0, history: 0, ms: 0 } : await generateBulkData(handle.db, { customers: CUSTOMERS, jobs: JOBS });
  console.log(
    `Data: ${gen.jobs.toLocaleString()} jobs, ${gen.customers.toLocaleString()} customers, ${gen.history.toLocaleString()} history rows (generated in ${gen.ms} ms)`,
  );
  // The console talks to the portal as a shop runs it (gzip on the wire), through a proxy that
  // counts the bytes.
  if (!exists) await handle.db
    .insertInto("staff_users")
    .values({
      username: "bench",
      display_name: "Bench Staff",
      role: "admin",
      password_hash: await hashPassword(STAFF_PASSWORD),
    })
    .execute();
  portal = await startPortalServer(connectionString);
  wire = await startByteCounter(Number(new URL(portal.url).port));
  const serverUrl = `http://127.0.0.1:${wire.port}`;

  // 1. First sign-in: bootstrap the whole dataset in pages.
  const fileA = join(dir, "a.sqlite");
  const a = new DesktopCore({ cacheFile: fileA, vault: memoryVault() });
  cores.push(a);
  let t = performance.now();
  wire.reset();
  await a.signIn({ serverUrl, username: "bench", password: STAFF_PASSWORD, remember: true });
  await a.syncNow();
  const bootstrapMs = performance.now() - t;
  const rows = a.status().bootstrap?.rows ?? 0;
  while (getState(a.db, "fts_pending") !== null) await new Promise((r) => setTimeout(r, 10));
  const searchReadyMs = performance.now() - t;
  console.log(
    `First sign-in (every row cached, board and list ready): ${ms(bootstrapMs)} for ${rows.toLocaleString()} rows (${counts(a.db).jobs.toLocaleString()} jobs cached), ${(wire.received() / 1_048_576).toFixed(1)} MB over the wire; search index built ${ms(searchReadyMs)} after sign-in`,
  );

} finally {
  for (const c of cores) c.close();
  await wire?.close();
  await portal?.stop();
  await handle.close(); await admin.close();
}
