import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateBulkData } from "@traveler/db";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { STAFF_PASSWORD } from "../testing/api-test-server.ts";
import { listJobs } from "./cache/job-list.ts";
import { DesktopCore, memoryVault } from "./desktop-core.ts";
import { NOT_ANSWERING } from "./sync-engine.ts";

const getDb = perFileDatabase();
let server: ChildProcess;
let url = "";
let core: DesktopCore;

async function until<T>(what: string, probe: () => T | undefined | null | false, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await generateBulkData(getDb().db, { customers: 10, jobs: 50 });
  server = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(new URL("../testing/api-server-process.ts", import.meta.url)),
      getDb().connectionString,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith("READY "));
      if (line) resolve(line.slice(6).trim());
    });
    server.on("exit", (code) => reject(new Error(`API process exited (${code})`)));
  });
  core = new DesktopCore({
    cacheFile: join(mkdtempSync(join(tmpdir(), "traveler-hung-")), "cache.sqlite"),
    vault: memoryVault(),
    minRetryMs: 200,
    maxRetryMs: 2_000,
  });
  await core.signIn({
    serverUrl: url,
    username: "desk",
    password: STAFF_PASSWORD,
    remember: false,
  });
  await core.syncNow();
}, 60_000);

afterAll(async () => {
  core?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGCONT");
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
});

it("a hung server (SIGSTOP for 40 s) shows 'Server not answering' within ~10 s, the watchdog fires, and everything resumes by itself", async () => {
  expect(core.status().state).toBe("online");
  const pushes: string[] = [];
  core.onStatus((view) => pushes.push(`${view.state}:${view.lastError ?? ""}:${view.stalled}`));
  const job = listJobs(core.db, {}).items[0]!;

  server.kill("SIGSTOP");
  const frozenAt = Date.now();
  // Idle: the change stream goes silent past the server's ping interval.
  await until("not answering (idle)", () => core.status().lastError === NOT_ANSWERING, 15_000);
  const noticedAfter = Date.now() - frozenAt;
  expect(noticedAfter).toBeLessThan(13_000);
  expect(core.status().state).toBe("offline");

  // A write while the server is hung: queued, and the watchdog reports it is not moving.
  core.setStatus({
    jobNumber: job.jobNumber,
    status: "quality_check",
    visibleToCustomer: false,
    note: "While hung",
  });
  // The watchdog pushes the stall to the screens (no screen polls for it).
  await until("the stall watchdog", () => pushes.some((p) => p.endsWith(":true")), 15_000);
  expect(core.status().stalled).toBe(true);

  await new Promise((r) => setTimeout(r, Math.max(0, 40_000 - (Date.now() - frozenAt))));
  server.kill("SIGCONT");
  await until(
    "online again",
    () => core.status().state === "online" && core.outbox.pendingCount() === 0,
    30_000,
  );
  expect(core.status().stalled).toBe(false);
  const rows = await getDb()
    .db.selectFrom("job_status_history")
    .select("id")
    .where("notes", "=", "While hung")
    .execute();
  expect(rows).toHaveLength(1);
  console.log(`server not answering noticed after ${noticedAfter} ms`);
}, 120_000);
