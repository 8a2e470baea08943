import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateBulkData } from "@traveler/db";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdfBuffer } from "../../../../packages/api/src/testing/make-pdf.ts";
import { createStaff, STAFF_PASSWORD, startApiTestServer } from "../testing/api-test-server.ts";
import { until } from "../testing/console-test-kit.ts";
import { getJob } from "./cache/job-detail.ts";
import { listJobs } from "./cache/job-list.ts";
import { DesktopCore, memoryVault } from "./desktop-core.ts";

const getDb = perFileDatabase();
let api: Awaited<ReturnType<typeof startApiTestServer>>;
const dir = mkdtempSync(join(tmpdir(), "traveler-files-"));
const cacheFile = join(dir, "cache.sqlite");
const vault = memoryVault();
let core: DesktopCore;

const openCore = () => {
  const c = new DesktopCore({ cacheFile, vault, pageSize: 400, minRetryMs: 100, maxRetryMs: 400 });
  c.start();
  return c;
};

beforeAll(async () => {
  api = await startApiTestServer(getDb());
  await createStaff(getDb(), api.services, "files");
  await generateBulkData(getDb().db, { customers: 5, jobs: 20 });
  core = openCore();
  await core.signIn({
    serverUrl: api.url(),
    username: "files",
    password: STAFF_PASSWORD,
    remember: true,
  });
  await core.syncNow();
});

afterAll(async () => {
  core?.close();
  await api?.close();
});

describe("console files", () => {
  it("attaches a file offline: it waits beside the cache (across a restart), uploads once online, then lists from the cache and opens", async () => {
    const job = listJobs(core.db, { includeCompleted: true }).items[0]!;
    const pdf = await makePdfBuffer({ pages: 3 });
    await api.stop();
    const { id } = core.attachFile({
      jobNumber: job.jobNumber,
      fileName: "drawing.pdf",
      base64: pdf.toString("base64"),
      caption: "Site drawing",
      visibleToCustomer: true,
    });
    expect(core.uploads.list(job.jobNumber)).toMatchObject([
      { id, fileName: "drawing.pdf", state: "pending", byteSize: pdf.length },
    ]);
    expect(core.status().queued).toBeGreaterThanOrEqual(1);
    core.close();
    core = openCore();
    expect(core.uploads.pendingCount()).toBe(1);

    await api.start();
    await until("upload sent", () => core.uploads.pendingCount() === 0, 20_000);
    await until(
      "file pulled",
      () => (getJob(core.db, job.jobNumber)?.files.length ?? 0) > 0,
      20_000,
    );
    expect(getJob(core.db, job.jobNumber)?.files).toMatchObject([
      {
        fileName: "drawing.pdf",
        caption: "Site drawing",
        visibleToCustomer: true,
        pageCount: 3,
        fromCustomer: false,
      },
    ]);
    const rows = await getDb()
      .db.selectFrom("job_files")
      .select("id")
      .where("file_name", "=", "drawing.pdf")
      .execute();
    expect(rows).toHaveLength(1);
    const opened = await core.openFile(job.jobNumber, rows[0]!.id);
    expect(opened.contentType).toBe("application/pdf");
    expect(Buffer.from(opened.base64, "base64").equals(pdf)).toBe(true);
  });

  it("a file the server refuses is marked failed with its reason and can be discarded", async () => {
    const job = listJobs(core.db, { includeCompleted: true }).items[0]!;
    core.attachFile({
      jobNumber: job.jobNumber,
      fileName: "notes.txt",
      base64: Buffer.from("plain text\n".repeat(100)).toString("base64"),
    });
    await core.syncNow();
    await until("refused", () => core.uploads.list(job.jobNumber)[0]?.state === "failed", 10_000);
    const [failed] = core.uploads.list(job.jobNumber);
    expect(failed?.lastError).toMatch(/not accepted/);
    core.uploads.discard(failed!.id);
    expect(core.uploads.list(job.jobNumber)).toEqual([]);
  });
});
