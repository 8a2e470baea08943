import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateBulkData } from "@traveler/db";
import { holdWriteTransaction, useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff, STAFF_PASSWORD, startApiTestServer } from "../testing/api-test-server.ts";
import { until } from "../testing/console-test-kit.ts";
import { createApiClient } from "./api-client.ts";
import { applyPull } from "./cache/apply.ts";
import { counts } from "./cache/board.ts";
import { listCustomers } from "./cache/customers.ts";
import { getJob } from "./cache/job-detail.ts";
import { listJobs } from "./cache/job-list.ts";
import { listOverlays } from "./cache/overlays.ts";
import { getState } from "./cache/sync-state.ts";
import { DesktopCore, memoryVault, type TokenVault, waitingRefusal } from "./desktop-core.ts";

/** A 1×1 PNG (a file type the server accepts). */
const PNG_1PX = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

const getDb = perFileDatabase();
let api: Awaited<ReturnType<typeof startApiTestServer>>;
let other: Awaited<ReturnType<typeof createStaff>>;
const dir = mkdtempSync(join(tmpdir(), "traveler-console-"));
const cacheFile = join(dir, "cache.sqlite");
const vault: TokenVault = memoryVault();
let core: DesktopCore;
let editedJob = "";

function openCore(): DesktopCore {
  const c = new DesktopCore({ cacheFile, vault, pageSize: 400, minRetryMs: 100, maxRetryMs: 400 });
  c.start();
  return c;
}

beforeAll(async () => {
  api = await startApiTestServer(getDb());
  await createStaff(getDb(), api.services, "desk");
  other = await createStaff(getDb(), api.services, "other");
  await generateBulkData(getDb().db, { customers: 40, jobs: 1_000 });
});

afterAll(async () => {
  core?.close();
  await api?.close();
});

describe("console core against the real API", () => {
  it("first sign-in bootstraps 1,000 jobs in pages and search finds them", async () => {
    core = openCore();
    const staff = await core.signIn({
      serverUrl: api.url(),
      username: "desk",
      password: STAFF_PASSWORD,
      remember: true,
    });
    expect(staff.username).toBe("desk");
    await core.syncNow();
    const cached = counts(core.db);
    expect(cached.jobs).toBe(1_000);
    expect(cached.customers).toBe(40);
    const status = core.status();
    expect(status.bootstrap).toMatchObject({ phase: "done", done: true });
    expect(status.bootstrap!.rows).toBeGreaterThan(1_040);
    // The progress bar counted against the exact total the server announced.
    expect(status.bootstrap!.total).toBe(status.bootstrap!.rows);
    expect(getState(core.db, "bootstrapping")).toBeNull();
    // Search works at once (LIKE while the index is being built), then from the index.
    const early = listJobs(core.db, { q: "#517", includeCompleted: true });
    expect(early.items.map((j) => j.title)).toEqual([expect.stringMatching(/#517$/)]);
    await until("search index built", () => getState(core.db, "fts_pending") === null);
    const hits = listJobs(core.db, { q: "#517", includeCompleted: true });
    expect(hits.items.map((j) => j.title)).toEqual([expect.stringMatching(/#517$/)]);
    const indexed = core.db.prepare("select count(*) from jobs_fts").pluck().get() as number;
    expect(indexed).toBe(1_000);
  });

  it("signs in after repeated wrong passwords by solving the server's human check", async () => {
    const other = new DesktopCore({
      cacheFile: join(dir, "throttled.sqlite"),
      vault: memoryVault(),
    });
    try {
      for (let i = 0; i < 3; i++) {
        await expect(
          other.signIn({
            serverUrl: api.url(),
            username: "other",
            password: "wrong-password",
            remember: false,
          }),
        ).rejects.toThrow("Username or password is incorrect.");
      }
      // Without the proof of work the server now refuses even the right password.
      const raw = createApiClient({ serverUrl: api.url(), token: () => null });
      await expect(
        raw.auth.login.mutate({ kind: "staff", username: "other", password: STAFF_PASSWORD }),
      ).rejects.toThrow("Please complete the human check.");
      const staff = await other.signIn({
        serverUrl: api.url(),
        username: "other",
        password: STAFF_PASSWORD,
        remember: false,
      });
      expect(staff.username).toBe("other");
    } finally {
      other.close();
    }
  });

  it("receives another staff member's change through sync.events without asking", async () => {
    const job = listJobs(core.db, { status: ["in_progress"] }).items[0]!;
    editedJob = job.jobNumber;
    await other.caller.staff.jobs.setStatus({
      jobNumber: job.jobNumber,
      status: "quality_check",
      note: "Checked by other",
      visibleToCustomer: false,
    });
    const seen = await until("status change to arrive", () => {
      const detail = getJob(core.db, job.jobNumber);
      return detail?.status === "quality_check" ? detail : null;
    });
    expect(seen.history[0]?.notes).toBe("Checked by other");
  });

  it("the shop's currency arrives through sync, and the console's prices follow it", async () => {
    expect(core.status().currency).toBe("USD");
    await getDb().db.updateTable("shop_settings").set({ currency: "EUR" }).execute();
    await until("currency to arrive", () => core.status().currency === "EUR" || null);
    await getDb().db.updateTable("shop_settings").set({ currency: "USD" }).execute();
    await until("currency back", () => core.status().currency === "USD" || null);
  });

  it("a write transaction held open in another database does not delay it (within 1 s)", async () => {
    const release = await holdWriteTransaction("core_test");
    try {
      const job = listJobs(core.db, { status: ["not_started"] }).items[0]!;
      const started = performance.now();
      await other.caller.staff.jobs.update({
        jobNumber: job.jobNumber,
        version: getJob(core.db, job.jobNumber)!.version,
        patch: { customerNotes: "Delivered while another database holds a transaction." },
      });
      await until(
        "the change, pushed through sync.events",
        () =>
          getJob(core.db, job.jobNumber)?.customerNotes ===
          "Delivered while another database holds a transaction.",
        1_000,
      );
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      await release();
    }
  });

  it("a write transaction held open in the SAME database does not delay another's commit (within 1 s); the held row arrives when it commits", async () => {
    const [a, b] = listJobs(core.db, { status: ["not_started"] }).items;
    const t1 = await getDb().pool.connect();
    try {
      await t1.query("begin");
      await t1.query("update jobs set title = 'Slow writer' where job_number = $1", [a!.jobNumber]);
      const started = performance.now();
      await other.caller.staff.jobs.update({
        jobNumber: b!.jobNumber,
        version: getJob(core.db, b!.jobNumber)!.version,
        patch: { title: "Fast writer" },
      });
      // No syncNow: the change feed's event over HTTP makes the console pull.
      await until(
        "the committed write, pushed through sync.events",
        () => getJob(core.db, b!.jobNumber)?.title === "Fast writer",
        1_000,
      );
      expect(performance.now() - started).toBeLessThan(1_000);
      // The open transaction's row waits, never skipped.
      expect(getJob(core.db, a!.jobNumber)?.title).not.toBe("Slow writer");
      const committed = performance.now();
      await t1.query("commit");
      await until(
        "the held write, after its commit",
        () => getJob(core.db, a!.jobNumber)?.title === "Slow writer",
        1_000,
      );
      expect(performance.now() - committed).toBeLessThan(1_000);
    } finally {
      await t1.query("rollback").catch(() => {});
      t1.release();
    }
  });

  it("removes a deleted job (tombstone) from the list and search", async () => {
    const job = listJobs(core.db, { status: ["not_started"] }).items.filter(
      (j) => j.id !== null,
    )[0]!;
    await other.caller.staff.jobs.delete({ jobNumber: job.jobNumber });
    await until("tombstone", () => getJob(core.db, job.jobNumber) === null);
    expect(listJobs(core.db, { q: job.jobNumber, includeCompleted: true }).items).toEqual([]);
  });

  it("applies duplicate deliveries harmlessly (same page twice, repeated events)", async () => {
    const before = counts(core.db);
    const page = await core.online("query", "sync.pull", {
      cursor: null,
      limit: 300,
    });
    applyPull(core.db, page, new Date().toISOString());
    applyPull(core.db, page, new Date().toISOString());
    // The bootstrap page holds old versions of edited jobs: they must not win.
    await Promise.all([core.syncNow(), core.syncNow(), core.syncNow()]);
    expect(counts(core.db)).toEqual(before);
    expect(page.tables.jobs.values.length + page.tables.customers.values.length).toBeGreaterThan(0);
    expect(getJob(core.db, editedJob)?.status).toBe("quality_check");
  });

  it("queues writes offline, survives a restart, then pushes each exactly once", async () => {
    const customer = listCustomers(core.db)[0]!;
    const job = listJobs(core.db, { status: ["in_progress"] }).items[0]!;
    await api.stop();
    core.createJob({ customerId: customer.id!, title: "Offline banner" });
    core.setStatus({
      jobNumber: job.jobNumber,
      status: "ready_for_pickup",
      note: "Ready (written offline)",
      visibleToCustomer: true,
    });
    expect(core.outbox.pendingCount()).toBe(2);
    // The overlay shows the writes at once.
    expect(listJobs(core.db, { q: "Offline banner" }).items[0]?.pending).toBe(true);
    expect(getJob(core.db, job.jobNumber)?.status).toBe("ready_for_pickup");
    await new Promise((r) => setTimeout(r, 300));

    core.close();
    core = openCore();
    expect(core.outbox.pendingCount()).toBe(2);
    expect(getJob(core.db, job.jobNumber)?.status).toBe("ready_for_pickup");

    await api.start();
    await until("outbox drained", () => core.outbox.pendingCount() === 0, 15_000);
    await until("created job pulled", () =>
      listJobs(core.db, { q: "Offline banner" }).items.some((j) => !j.pending),
    );
    const rows = await getDb()
      .db.selectFrom("jobs")
      .select("job_number")
      .where("title", "=", "Offline banner")
      .execute();
    expect(rows).toHaveLength(1);
    const notes = await getDb()
      .db.selectFrom("job_status_history")
      .select("id")
      .where("notes", "=", "Ready (written offline)")
      .execute();
    expect(notes).toHaveLength(1);
    await until("overlays dropped", () => listOverlays(core.db, "job").length === 0);
  });

  it("loses nothing and duplicates nothing when the server dies mid-push", async () => {
    const customer = listCustomers(core.db)[1]!;
    api.cutNextMutation();
    const { key } = core.createJob({ customerId: customer.id!, title: "Mid-push job" });
    expect(core.outbox.createdKey(key)).toBeNull();
    await until("outbox drained", () => core.outbox.pendingCount() === 0, 15_000);
    const rows = await getDb()
      .db.selectFrom("jobs")
      .select(["id", "job_number"])
      .where("title", "=", "Mid-push job")
      .execute();
    expect(rows).toHaveLength(1);
    // A screen showing the queued job ("new:<id>") follows it to its number.
    expect(core.outbox.createdKey(key)).toBe(rows[0]!.job_number);
    const created = core.createCustomer({ name: "Followed Co", email: "followed@co.test" });
    await until("customer pushed", () => core.outbox.pendingCount() === 0, 15_000);
    const [customerRow] = await getDb()
      .db.selectFrom("customers")
      .select("id")
      .where("email", "=", "followed@co.test")
      .execute();
    expect(core.outbox.createdKey(created.key)).toBe(String(customerRow!.id));
    await until("pulled", () =>
      listJobs(core.db, { q: "Mid-push job" }).items.some((j) => !j.pending),
    );
    expect(listJobs(core.db, { q: "Mid-push job" }).items).toHaveLength(1);
  });

  it("applies two queued edits of one job in order, without a false conflict", async () => {
    const job = listJobs(core.db, { status: ["not_started"] }).items.filter(
      (j) => j.id !== null,
    )[2]!;
    const version = getJob(core.db, job.jobNumber)!.version;
    await api.stop();
    const before = getJob(core.db, job.jobNumber)!;
    core.updateJob(job.jobNumber, version, { title: "First edit" }, { title: before.title });
    core.updateJob(
      job.jobNumber,
      version,
      { description: "Second edit" },
      { description: before.description },
    );
    // The first write's new version reaches the second durably (in SQLite) once it is pushed.
    await api.start();
    await until("both pushed", () => core.outbox.pendingCount() === 0, 15_000);
    expect(core.outbox.list()).toEqual([]);
    const server = await getDb()
      .db.selectFrom("jobs")
      .select(["title", "description", "version"])
      .where("job_number", "=", job.jobNumber)
      .executeTakeFirstOrThrow();
    expect(server).toMatchObject({
      title: "First edit",
      description: "Second edit",
      version: version + 2,
    });
    await until("pulled back", () => {
      const cached = getJob(core.db, job.jobNumber);
      return cached?.version === version + 2 && !cached.pending;
    });
  });

  it("shows a version conflict with both values and resends mine on request", async () => {
    const job = listJobs(core.db, { status: ["not_started"] }).items.filter(
      (j) => j.id !== null,
    )[0]!;
    const detail = getJob(core.db, job.jobNumber)!;
    await api.stop();
    core.updateJob(job.jobNumber, detail.version, { title: "Mine title" }, { title: detail.title });
    await other.caller.staff.jobs.update({
      jobNumber: job.jobNumber,
      version: detail.version,
      patch: { title: "Their title" },
    });
    await api.start();
    const entry = await until("conflict", () =>
      core.outbox.list().find((e) => e.state === "conflict"),
    );
    expect(entry.conflict?.fields).toEqual([
      {
        field: "title",
        label: "Title",
        base: detail.title,
        mine: "Mine title",
        theirs: "Their title",
      },
    ]);
    expect(core.status().conflicts).toBe(1);
    core.resolveConflict("job", job.jobNumber, "mine");
    await until("resent", () => core.outbox.pendingCount() === 0);
    const server = await getDb()
      .db.selectFrom("jobs")
      .select("title")
      .where("job_number", "=", job.jobNumber)
      .executeTakeFirstOrThrow();
    expect(server.title).toBe("Mine title");
  });

  it("take theirs drops my write and its overlay", async () => {
    const job = listJobs(core.db, { status: ["not_started"] }).items.filter(
      (j) => j.id !== null,
    )[1]!;
    const detail = getJob(core.db, job.jobNumber)!;
    await api.stop();
    core.updateJob(job.jobNumber, detail.version, { title: "Mine again" }, { title: detail.title });
    await other.caller.staff.jobs.update({
      jobNumber: job.jobNumber,
      version: detail.version,
      patch: { title: "Theirs wins" },
    });
    await api.start();
    const entry = await until("conflict", () =>
      core.outbox.list().find((e) => e.state === "conflict"),
    );
    expect(entry.entityKey).toBe(job.jobNumber);
    core.resolveConflict("job", job.jobNumber, "theirs");
    await until("theirs shown", () => getJob(core.db, job.jobNumber)?.title === "Theirs wins");
    expect(core.outbox.pendingCount()).toBe(0);
  });

  it("status change, then a note in the same open editor: no conflict, online and offline", async () => {
    for (const offline of [false, true]) {
      const job = listJobs(core.db, { status: ["not_started"] }).items.filter(
        (j) => j.id !== null,
      )[3]!;
      // The editor opens: it keeps the version and the values it showed.
      const opened = getJob(core.db, job.jobNumber)!;
      if (offline) await api.stop();
      core.setStatus({ jobNumber: job.jobNumber, status: "in_progress", visibleToCustomer: true });
      if (!offline) await core.syncNow();
      const mutation = core.updateJob(
        job.jobNumber,
        opened.version,
        { shopNotes: `Note after status (${offline ? "offline" : "online"})` },
        { shopNotes: opened.shopNotes },
      );
      if (offline) {
        expect(await core.settle(mutation)).toEqual({ state: "queued" });
        await api.start();
        await until("pushed", () => core.outbox.pendingCount() === 0, 15_000);
      } else {
        expect(await core.settle(mutation)).toEqual({ state: "saved" });
      }
      expect(core.outbox.list()).toEqual([]);
      const server = await getDb()
        .db.selectFrom("jobs")
        .select(["status", "shop_notes"])
        .where("job_number", "=", job.jobNumber)
        .executeTakeFirstOrThrow();
      expect(server).toEqual({
        status: "in_progress",
        shop_notes: `Note after status (${offline ? "offline" : "online"})`,
      });
    }
  });

  it("two consoles editing different fields of one job offline both win", async () => {
    const second = new DesktopCore({
      cacheFile: join(dir, "second.sqlite"),
      vault: memoryVault(),
      minRetryMs: 100,
      maxRetryMs: 400,
    });
    try {
      await second.signIn({
        serverUrl: api.url(),
        username: "other",
        password: STAFF_PASSWORD,
        remember: false,
      });
      await second.syncNow();
      await core.syncNow();
      const job = listJobs(core.db, { status: ["in_progress"] }).items.filter(
        (j) => j.id !== null,
      )[5]!;
      const mine = getJob(core.db, job.jobNumber)!;
      const theirs = getJob(second.db, job.jobNumber)!;
      await api.stop();
      core.updateJob(
        job.jobNumber,
        mine.version,
        { customerNotes: "From console one" },
        { customerNotes: mine.customerNotes },
      );
      second.updateJob(
        job.jobNumber,
        theirs.version,
        { quantity: 42 },
        { quantity: theirs.quantity },
      );
      await api.start();
      await until(
        "both consoles pushed",
        () => core.outbox.pendingCount() === 0 && second.outbox.pendingCount() === 0,
        15_000,
      );
      await until("both see both", () => {
        const a = getJob(core.db, job.jobNumber);
        const b = getJob(second.db, job.jobNumber);
        return (
          a?.customerNotes === "From console one" &&
          a.quantity === 42 &&
          b?.customerNotes === "From console one" &&
          b.quantity === 42
        );
      });
    } finally {
      second.close();
    }
  });

  it("the same field edited on both sides is one conflict for all my queued edits, resolved by one action", async () => {
    const job = listJobs(core.db, { status: ["in_progress"] }).items.filter(
      (j) => j.id !== null,
    )[6]!;
    const opened = getJob(core.db, job.jobNumber)!;
    await api.stop();
    core.updateJob(
      job.jobNumber,
      opened.version,
      { shopNotes: "First thought" },
      { shopNotes: opened.shopNotes },
    );
    core.setProgress({ jobNumber: job.jobNumber, progress: 55 });
    core.updateJob(
      job.jobNumber,
      opened.version,
      { shopNotes: "Second thought", title: "Retitled here" },
      { shopNotes: "First thought", title: opened.title },
    );
    await other.caller.staff.jobs.update({
      jobNumber: job.jobNumber,
      version: opened.version,
      patch: { shopNotes: "Their note" },
    });
    await api.start();
    await until("the progress went on", () => core.outbox.list().length === 2, 15_000);
    const entries = core.outbox.list();
    expect(entries.map((e) => e.state)).toEqual(["conflict", "pending"]);
    expect(entries[0]!.conflict?.fields.map((f) => [f.label, f.theirs])).toEqual([
      ["Internal shop notes", "Their note"],
    ]);
    expect(core.status().conflicts).toBe(1);
    core.resolveConflict("job", job.jobNumber, "theirs");
    await until("resolved", () => core.outbox.pendingCount() === 0, 15_000);
    const server = await getDb()
      .db.selectFrom("jobs")
      .select(["shop_notes", "title", "progress_percentage"])
      .where("job_number", "=", job.jobNumber)
      .executeTakeFirstOrThrow();
    expect(server).toEqual({
      shop_notes: "Their note",
      title: "Retitled here",
      progress_percentage: 55,
    });
  });

  it("sign-out can remove this computer's copy of the shop's data, never while writes are queued", async () => {
    const customer = listCustomers(core.db)[0]!;
    await api.stop();
    core.updateCustomer(
      customer.id!,
      customer.version,
      { phone: "555-0142" },
      { phone: customer.phone },
    );
    await expect(core.signOut({ removeData: true })).rejects.toThrow(
      "1 change has not uploaded yet.",
    );
    // An attached file waiting to upload counts too: its copy here is the only one.
    const job = listJobs(core.db, { includeCompleted: true }).items[0]!;
    const attached = core.attachFile({
      jobNumber: job.jobNumber,
      fileName: "waiting.png",
      base64: PNG_1PX.toString("base64"),
      caption: "",
      visibleToCustomer: false,
    });
    await expect(core.signOut({ removeData: true })).rejects.toThrow(
      "1 change and 1 attached file have not uploaded yet.",
    );
    expect(core.status().queued).toBe(2);
    const copy = core.uploads.list().find((u) => u.id === attached.id);
    expect(copy).toBeDefined();
    expect(counts(core.db).customers).toBeGreaterThan(0);
    await api.start();
    await until("uploaded", () => core.outbox.pendingCount() === 0, 15_000);
    await until("file uploaded", () => core.uploads.waitingCount() === 0, 15_000);
    const onServer = await getDb()
      .db.selectFrom("job_files")
      .select("file_name")
      .where("file_name", "=", "waiting.png")
      .execute();
    expect(onServer).toHaveLength(1);
    await core.signOut({ removeData: true });
    expect(core.status().signedIn).toBe(false);
    expect(counts(core.db)).toEqual({ jobs: 0, customers: 0 });
    expect(listCustomers(core.db)).toEqual([]);
    core.db.pragma("wal_checkpoint(TRUNCATE)");
    const bytes = readFileSync(cacheFile);
    expect(bytes.includes(Buffer.from(customer.email))).toBe(false);
  });

  it("says what is waiting before this computer's data can be removed", () => {
    expect(waitingRefusal(0, 0)).toBeNull();
    expect(waitingRefusal(2, 0)).toMatch(/^2 changes have not uploaded yet\. Let them upload/);
    expect(waitingRefusal(0, 1)).toMatch(/^1 attached file has not uploaded yet\. Let it upload/);
    expect(waitingRefusal(1, 3)).toMatch(/^1 change and 3 attached files have not uploaded yet\./);
  });
});
