import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useTestDatabase as perFileDatabase, TEST_DATABASE_URL } from "@traveler/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApiWithStaff, until } from "../testing/console-test-kit.ts";
import { startRequestCounter } from "../testing/request-counter.ts";
import { createApiClient, createUntypedApiClient } from "./api-client.ts";
import { bootstrapLanes } from "./cache/apply.ts";
import { counts } from "./cache/board.ts";
import { type CacheDb, openCache } from "./cache/database.ts";
import { getJob } from "./cache/job-detail.ts";
import { MIRROR_TABLES } from "./cache/mirror.ts";
import { markOutboxEntry } from "./cache/outbox.ts";
import { listOverlays } from "./cache/overlays.ts";
import { cursor, getState } from "./cache/sync-state.ts";
import { Outbox } from "./outbox.ts";
import { SyncEngine, type SyncEngineOptions, type SyncStatus } from "./sync-engine.ts";

/**
 * The sync engine on its own: a real SQLite cache and the real API over HTTP on real PostgreSQL
 * (the change stream included). Another staff member ("other") writes in-process.
 */

const getDb = perFileDatabase();
let api: Awaited<ReturnType<typeof startApiWithStaff>>["api"];
let other: Awaited<ReturnType<typeof startApiWithStaff>>["other"];
let token = "";
let customerId = 0;
let db: CacheDb;
let outbox: Outbox;
let engine: SyncEngine | null = null;

beforeAll(async () => {
  ({ api, other, token } = await startApiWithStaff(getDb()));
  customerId = (
    await other.caller.staff.customers.create({ name: "Engine Co", email: "engine@example.test" })
  ).customer.id;
  for (let i = 1; i <= 30; i++) {
    await other.caller.staff.jobs.create({ customerId, title: `Engine job ${i}` });
  }
});

afterAll(async () => {
  await api?.close();
});

beforeEach(() => {
  db = openCache(join(mkdtempSync(join(tmpdir(), "traveler-engine-")), "cache.sqlite"));
  outbox = new Outbox(db);
});

afterEach(async () => {
  engine?.stop();
  engine = null;
  await api.start();
  db.close();
});

/** An engine over this test's cache; every status it reports is kept with its time. */
function startEngine(options: Partial<SyncEngineOptions> & { token?: string } = {}) {
  const conn = { serverUrl: api.url(), token: () => options.token ?? token, timeoutMs: 3_000 };
  const seen: { at: number; status: SyncStatus }[] = [];
  engine = new SyncEngine({
    db,
    outbox,
    api: createApiClient(conn),
    untyped: createUntypedApiClient(conn),
    pageSize: 10,
    minRetryMs: 50,
    maxRetryMs: 400,
    onChange: (status) => seen.push({ at: performance.now(), status }),
    ...options,
  });
  engine.start();
  return { engine, seen };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The server away behind a proxy that answers every request 503 at the API's address; returns
 * the times the engine asked it for a pull (one per round), and a way back to the real server.
 */
async function serverAway() {
  await api.stop();
  const port = Number(new URL(api.url()).port);
  const pulls: number[] = [];
  const sockets = new Set<Socket>();
  const proxy = http.createServer((req, res) => {
    if (req.url?.includes("sync.pull")) pulls.push(performance.now());
    res.statusCode = 503;
    res.end("Service Unavailable");
  });
  proxy.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
  return {
    pulls,
    async back() {
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await api.start();
    },
  };
}

/** Every row of every synced table is cached, once (the cache's primary keys refuse a second). */
async function expectCacheMatchesServer() {
  const server = getDb().db;
  for (const table of MIRROR_TABLES) {
    if (table === "shop_settings" || table === "jobs_fts") continue;
    const { n } = await server
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const cached = db.prepare(`select count(*) as n from ${table}`).get() as { n: number };
    expect(cached.n, table).toBe(Number(n));
  }
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe("sync engine", () => {
  it("bootstraps page by page, then pulls what changes as the change stream announces it", async () => {
    const { engine, seen } = startEngine();
    await engine.syncNow();
    const status = engine.getStatus();
    expect(status.state).toBe("online");
    const total = status.bootstrap?.total ?? 0;
    expect(status.bootstrap).toMatchObject({ phase: "done", done: true, rows: total });
    // 30 jobs, their history rows, a customer and two staff: several pages of 10.
    const pages = seen.filter((s) => s.status.bootstrap?.phase === "downloading").length;
    expect(pages).toBeGreaterThanOrEqual(Math.floor(total / 10) - 1);
    expect(counts(db)).toEqual({ jobs: 30, customers: 1 });
    expect(getState(db, "bootstrapping")).toBeNull();
    expect(cursor(db)).toBeTruthy();
    await until("search index built", () => getState(db, "fts_pending") === null);

    const before = cursor(db);
    const { job } = await other.caller.staff.jobs.create({ customerId, title: "Announced job" });
    await until("the new job pulled", () => getJob(db, job.jobNumber)?.title === "Announced job");
    expect(cursor(db)).not.toBe(before);
    expect(engine.getStatus().bootstrap?.rows).toBe(total);
  });

  it("asks for the next bootstrap page before it applies the current one", async () => {
    // The apply holds the console's thread; a request still waiting in the event loop would
    // leave only after it. Here every status after a page's apply holds the thread (as a long
    // apply does) until the proxy, in its own thread, has seen the next page requested.
    const wire = await startRequestCounter(Number(new URL(api.url()).port), "sync.pull");
    const conn = { serverUrl: wire.url, token: () => token, timeoutMs: 3_000 };
    let applied = 0;
    const late: number[] = [];
    try {
      engine = new SyncEngine({
        db,
        outbox,
        api: createApiClient(conn),
        untyped: createUntypedApiClient(conn),
        pageSize: 10,
        bootstrapLanes: 1,
        onChange: (status) => {
          if (status.bootstrap?.phase !== "downloading" || status.bootstrap.rows === 0) return;
          applied += 1;
          const deadline = performance.now() + 2_000;
          while (wire.count() <= applied) {
            if (performance.now() > deadline) {
              late.push(applied + 1);
              break;
            }
          }
        },
      });
      engine.start();
      await engine.syncNow();
      expect(engine.getStatus().bootstrap?.done).toBe(true);
      expect(applied).toBeGreaterThanOrEqual(5);
      expect(late).toEqual([]);
    } finally {
      engine?.stop();
      engine = null;
      await wire.close();
    }
  });

  it("a first sign-in in two chains of pages, stopped midway and resumed, caches every row once", async () => {
    let applied = 0;
    const first = startEngine({
      bootstrapLanes: 2,
      onChange: (status) => {
        if (status.bootstrap?.phase === "downloading" && status.bootstrap.rows > 0) {
          applied += 1;
          if (applied === 4) engine?.stop();
        }
      },
    });
    await until(
      "the first sign-in stopped midway",
      () => first.engine.getStatus().state === "signed-out",
    );
    await sleep(200);
    expect(getState(db, "bootstrapping")).toBe("1");
    expect(bootstrapLanes(db)).toHaveLength(1);

    const second = startEngine({ bootstrapLanes: 2 });
    await second.engine.syncNow();
    expect(second.engine.getStatus().bootstrap?.done).toBe(true);
    expect(getState(db, "bootstrapping")).toBeNull();
    expect(bootstrapLanes(db)).toEqual([]);
    await expectCacheMatchesServer();
  });

  it("a first sign-in in two chains survives PostgreSQL cutting the server's connections midway", async () => {
    const { name } = getDb();
    let applied = 0;
    let cut = "";
    const states: string[] = [];
    const { engine } = startEngine({
      bootstrapLanes: 2,
      onChange: (status) => {
        states.push(status.state);
        if (status.bootstrap?.phase !== "downloading" || status.bootstrap.rows === 0) return;
        applied += 1;
        // While both chains are running (their next requests already sent): every backend of
        // this database is terminated, before this thread goes on.
        if (applied === 3) {
          cut = execFileSync("psql", [
            TEST_DATABASE_URL,
            "-Atc",
            `select count(pg_terminate_backend(pid)) from pg_stat_activity
             where datname = '${name}' and pid <> pg_backend_pid()`,
          ]).toString();
        }
      },
    });
    await until(
      "the first sign-in finished",
      () => engine.getStatus().bootstrap?.done === true,
      20_000,
    );
    expect(Number(cut)).toBeGreaterThan(0);
    expect(getState(db, "bootstrapping")).toBeNull();
    expect(bootstrapLanes(db)).toEqual([]);
    await expectCacheMatchesServer();
    // The cut hit requests in flight: a round failed, and the next resumed both chains.
    expect(states).toContain("offline");
  });

  it("a round pushes before it pulls: the mirror holds the write and its overlay is gone", async () => {
    const { job } = await other.caller.staff.jobs.create({
      customerId,
      title: "Pushed then pulled",
    });
    outbox.enqueue({
      procedure: "staff.jobs.setStatus",
      input: { jobNumber: job.jobNumber, status: "ready_for_pickup", visibleToCustomer: true },
      entity: "job",
      entityKey: job.jobNumber,
      label: "ready",
      overlays: [
        { entity: "job", entityKey: job.jobNumber, patch: { status: "ready_for_pickup" } },
      ],
    });
    const { engine } = startEngine();
    await engine.syncNow();
    expect(outbox.pendingCount()).toBe(0);
    expect(listOverlays(db, "job")).toEqual([]);
    expect(getJob(db, job.jobNumber)).toMatchObject({ status: "ready_for_pickup", pending: false });
  });

  it("backs off while the server is away (doubling up to the cap), comes back by itself, and starts over at the minimum", async () => {
    const { engine } = startEngine();
    await engine.syncNow();
    const away = await serverAway();
    try {
      void engine.kick();
      await sleep(1_700);
    } finally {
      await away.back();
    }
    // The first failed round and the change stream breaking each start a round at once; then
    // each wait doubles (100, 200 ms) up to the cap (400 ms) and stays there.
    const waits = gaps(away.pulls).slice(1);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits.length).toBeLessThanOrEqual(7);
    expect(waits[0]).toBeGreaterThanOrEqual(90);
    expect(waits[1]).toBeGreaterThanOrEqual(180);
    expect(waits[2]).toBeGreaterThanOrEqual(360);
    for (const wait of waits) expect(wait).toBeLessThan(400 + 250);
    await until("online again", () => engine.getStatus().state === "online", 2_000);

    // A success resets the wait: the next outage starts again at the minimum (50 ms, then 100,
    // 200: four rounds in 400 ms; at the cap it would be two).
    const again = await serverAway();
    try {
      void engine.kick();
      await sleep(400);
      expect(engine.getStatus().state).toBe("offline");
      expect(engine.getStatus().lastError).toBeTruthy();
    } finally {
      await again.back();
    }
    expect(again.pulls.length).toBeGreaterThanOrEqual(3);
  });

  it("the watchdog reports queued writes that do not upload, and clears once they do", async () => {
    const { job } = await other.caller.staff.jobs.create({ customerId, title: "Stalled write" });
    const { engine, seen } = startEngine({ stallMs: 300 });
    await engine.syncNow();
    await api.stop();
    outbox.enqueue({
      procedure: "staff.jobs.setProgress",
      input: { jobNumber: job.jobNumber, progress: 70 },
      entity: "job",
      entityKey: job.jobNumber,
      label: "progress",
    });
    engine.touched();
    expect(engine.getStatus()).toMatchObject({ queued: 1, stalled: false });
    await until("stalled", () => engine.getStatus().stalled, 2_000);
    // The watchdog pushes the change to the screens by itself (no other event needed).
    await until("stall announced", () => seen.some((s) => s.status.stalled), 2_000);

    await api.start();
    await until("uploaded", () => outbox.pendingCount() === 0, 5_000);
    expect(engine.getStatus().stalled).toBe(false);
    await until("recovery announced", () => seen.at(-1)?.status.stalled === false, 2_000);
  });

  it("writes waiting for a person's decision are not a stall; a stopped engine reports none", async () => {
    const { job } = await other.caller.staff.jobs.create({ customerId, title: "Waiting write" });
    const id = outbox.enqueue({
      procedure: "staff.jobs.setProgress",
      input: { jobNumber: job.jobNumber, progress: 10 },
      entity: "job",
      entityKey: job.jobNumber,
      label: "progress",
    });
    markOutboxEntry(db, id, "refused", { state: "failed" });
    const { engine } = startEngine({ stallMs: 100 });
    await engine.syncNow();
    await sleep(250);
    expect(engine.getStatus()).toMatchObject({ queued: 1, conflicts: 1, stalled: false });

    await api.stop();
    outbox.enqueue({
      procedure: "staff.jobs.setProgress",
      input: { jobNumber: job.jobNumber, progress: 20 },
      entity: "job",
      entityKey: "another",
      label: "progress",
    });
    engine.touched();
    await until("stalled", () => engine.getStatus().stalled, 2_000);
    engine.stop();
    expect(engine.getStatus()).toMatchObject({ state: "signed-out", stalled: false });
  });

  it("a session the server no longer knows signs the console out", async () => {
    let unauthorized = 0;
    const { engine } = startEngine({
      token: "B".repeat(32),
      // As the console does: a rejected session ends this engine.
      onUnauthorized: () => {
        unauthorized += 1;
        engine?.stop();
      },
    });
    await expect(engine.syncNow()).rejects.toThrow(/sign in/i);
    expect(unauthorized).toBe(1);
    expect(engine.getStatus().state).toBe("signed-out");
  });
});
