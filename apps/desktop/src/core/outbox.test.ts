import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApiWithStaff } from "../testing/console-test-kit.ts";
import { createUntypedApiClient, type UntypedApiClient } from "./api-client.ts";
import { type CacheDb, openCache } from "./cache/database.ts";
import { listOverlays } from "./cache/overlays.ts";
import { clientId } from "./cache/sync-state.ts";
import { Outbox, type WriteSender } from "./outbox.ts";
import type { QueuedWrite } from "./procedures.ts";

/**
 * The outbox on its own: a real SQLite cache file and the real API over HTTP on real PostgreSQL.
 * Another staff member ("other") changes the same jobs in-process to make conflicts.
 */

const getDb = perFileDatabase();
let api: Awaited<ReturnType<typeof startApiWithStaff>>["api"];
let other: Awaited<ReturnType<typeof startApiWithStaff>>["other"];
let token = "";
let client: UntypedApiClient;
let customerId = 0;
let file = "";
let db: CacheDb;
let outbox: Outbox;

beforeAll(async () => {
  ({ api, other, token } = await startApiWithStaff(getDb()));
  client = createUntypedApiClient({ serverUrl: api.url(), token: () => token, timeoutMs: 5_000 });
  const created = await other.caller.staff.customers.create({
    name: "Outbox Test Co",
    email: "outbox-test@example.test",
  });
  customerId = created.customer.id;
});

afterAll(async () => {
  await api?.close();
});

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), "traveler-outbox-")), "cache.sqlite");
  db = openCache(file);
  outbox = new Outbox(db);
});

afterEach(() => {
  if (db.open) db.close();
});

async function newJob(title: string) {
  const { job } = await other.caller.staff.jobs.create({ customerId, title });
  return job;
}

const onServer = (jobNumber: string) => other.caller.staff.jobs.get({ jobNumber });

/** Queues a write of one job. */
function queue(jobNumber: string, write: QueuedWrite, label = write.procedure): number {
  return outbox.enqueue({ ...write, entity: "job", entityKey: jobNumber, label });
}

/** The real client, remembering what each call sent. */
function recording(real: WriteSender) {
  const sent: { path: string; input: Record<string, unknown> }[] = [];
  const sender: WriteSender = {
    mutation: (path, input) => {
      sent.push({ path, input: input as Record<string, unknown> });
      return real.mutation(path, input);
    },
  };
  return { sent, sender };
}

describe("outbox", () => {
  it("sends writes in the order they were queued, each with its own idempotency key", async () => {
    const { jobNumber } = await newJob("Ordered writes");
    const ids = [
      queue(jobNumber, {
        procedure: "staff.jobs.setStatus",
        input: { jobNumber, status: "in_progress", note: "first", visibleToCustomer: false },
      }),
      queue(jobNumber, {
        procedure: "staff.jobs.setProgress",
        input: { jobNumber, progress: 40, note: "second" },
      }),
      queue(jobNumber, {
        procedure: "staff.jobs.setStatus",
        input: { jobNumber, status: "quality_check", note: "third", visibleToCustomer: false },
      }),
    ];
    expect(ids).toEqual([ids[0], ids[0]! + 1, ids[0]! + 2]);
    const { sent, sender } = recording(client);
    expect(await outbox.push(sender)).toBe("done");
    expect(sent.map((s) => s.input.note)).toEqual(["first", "second", "third"]);
    expect(sent.map((s) => s.input.idempotencyKey)).toEqual(
      ids.map((id) => `${clientId(db)}:${id}`),
    );
    expect(outbox.list()).toEqual([]);
    const { job, history } = await onServer(jobNumber);
    expect(job).toMatchObject({ status: "quality_check", progress: 40 });
    const mine = history.filter((h) => ["first", "second", "third"].includes(h.notes));
    expect(mine.sort((x, y) => x.id - y.id).map((h) => h.notes)).toEqual([
      "first",
      "second",
      "third",
    ]);
  });

  it("never reuses a mutation id, even after the outbox has emptied and the cache reopened", async () => {
    const { jobNumber } = await newJob("Mutation ids");
    const write: QueuedWrite = {
      procedure: "staff.jobs.setProgress",
      input: { jobNumber, progress: 10 },
    };
    const first = queue(jobNumber, write);
    expect(await outbox.push(client)).toBe("done");
    expect(outbox.pendingCount()).toBe(0);
    db.close();
    db = openCache(file);
    outbox = new Outbox(db);
    const second = queue(jobNumber, write);
    expect(second).toBe(first + 1);
    expect(outbox.get(second)?.idempotencyKey).toBe(`${clientId(db)}:${second}`);
  });

  it("keeps a write whose answer was lost and retries it with the same key: applied once", async () => {
    const { jobNumber } = await newJob("Lost answer");
    queue(jobNumber, {
      procedure: "staff.jobs.setStatus",
      input: { jobNumber, status: "in_progress", note: "exactly once", visibleToCustomer: true },
    });
    api.cutNextMutation();
    expect(await outbox.push(client)).toBe("offline");
    const [kept] = outbox.list();
    expect(kept).toMatchObject({ state: "pending", attempts: 1 });
    expect(kept?.lastError).toBeTruthy();
    // The server applied it; the retry carries the same key and gets the stored result.
    expect(await outbox.push(client)).toBe("done");
    expect(outbox.list()).toEqual([]);
    const { history } = await onServer(jobNumber);
    expect(history.filter((h) => h.notes === "exactly once")).toHaveLength(1);
  });

  it("stops at the first write the server does not answer and keeps the rest in order", async () => {
    const { jobNumber } = await newJob("Server away");
    queue(jobNumber, { procedure: "staff.jobs.setProgress", input: { jobNumber, progress: 20 } });
    queue(jobNumber, { procedure: "staff.jobs.setProgress", input: { jobNumber, progress: 30 } });
    await api.stop();
    try {
      expect(await outbox.push(client)).toBe("offline");
      const entries = outbox.list();
      expect(entries.map((e) => [e.state, e.attempts])).toEqual([
        ["pending", 1],
        ["pending", 0],
      ]);
      expect(entries[0]?.lastError).toBeTruthy();
      expect(entries[1]?.lastError).toBeNull();
    } finally {
      await api.start();
    }
    expect(await outbox.push(client)).toBe("done");
    expect((await onServer(jobNumber)).job.progress).toBe(30);
  });

  it("a refused write fails alone: its record's later writes wait, other records go on, discard frees them", async () => {
    const a = (await newJob("Refused write")).jobNumber;
    const b = (await newJob("Unrelated job")).jobNumber;
    const refused = outbox.enqueue({
      procedure: "staff.jobs.setProgress",
      input: { jobNumber: a, progress: 150 },
      entity: "job",
      entityKey: a,
      label: "progress 150",
      overlays: [{ entity: "job", entityKey: a, patch: { progress: 150 } }],
    });
    queue(a, {
      procedure: "staff.jobs.setStatus",
      input: { jobNumber: a, status: "in_progress", visibleToCustomer: false },
    });
    queue(b, {
      procedure: "staff.jobs.setStatus",
      input: { jobNumber: b, status: "in_progress", visibleToCustomer: false },
    });
    expect(await outbox.push(client)).toBe("done");
    const left = outbox.list();
    expect(left.map((e) => [e.entityKey, e.state, e.attempts])).toEqual([
      [a, "failed", 1],
      [a, "pending", 0],
    ]);
    expect(left[0]?.lastError).toBeTruthy();
    expect((await onServer(b)).job.status).toBe("in_progress");
    expect((await onServer(a)).job.status).toBe("not_started");
    // Pushing again changes nothing while the failed write stands.
    expect(await outbox.push(client)).toBe("done");
    expect(outbox.list()[1]?.attempts).toBe(0);

    outbox.discard(refused);
    expect(listOverlays(db, "job").some((o) => o.mutationId === refused)).toBe(false);
    expect(await outbox.push(client)).toBe("done");
    expect(outbox.list()).toEqual([]);
    expect((await onServer(a)).job.status).toBe("in_progress");
  });

  it("rebases the record's later queued edits on the version a write returned", async () => {
    const job = await newJob("Rebase me");
    const { jobNumber, version } = job;
    queue(jobNumber, {
      procedure: "staff.jobs.update",
      input: { jobNumber, version, patch: { title: "Rebased" }, base: { title: "Rebase me" } },
    });
    // No base: without the rebase this edit's stale version would be a conflict.
    queue(jobNumber, {
      procedure: "staff.jobs.update",
      input: { jobNumber, version, patch: { description: "Second edit" } },
    });
    const { sent, sender } = recording(client);
    expect(await outbox.push(sender)).toBe("done");
    expect(outbox.list()).toEqual([]);
    expect(sent.map((s) => s.input.version)).toEqual([version, version + 1]);
    const after = (await onServer(jobNumber)).job;
    expect(after).toMatchObject({
      title: "Rebased",
      description: "Second edit",
      version: version + 2,
    });
  });

  it("a conflicting edit and the record's later edits wait for one decision; its other writes go on; 'mine' wins", async () => {
    const { jobNumber, version } = await newJob("Both sides");
    queue(jobNumber, {
      procedure: "staff.jobs.update",
      input: { jobNumber, version, patch: { title: "Mine" }, base: { title: "Both sides" } },
    });
    queue(jobNumber, {
      procedure: "staff.jobs.update",
      input: { jobNumber, version, patch: { title: "Mine again" }, base: { title: "Mine" } },
    });
    queue(jobNumber, {
      procedure: "staff.jobs.setStatus",
      input: { jobNumber, status: "in_progress", visibleToCustomer: false },
    });
    await other.caller.staff.jobs.update({
      jobNumber,
      version,
      patch: { title: "Theirs" },
      base: { title: "Both sides" },
    });

    expect(await outbox.push(client)).toBe("done");
    const [conflict, waiting, ...rest] = outbox.list();
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ state: "conflict", attempts: 1 });
    expect(conflict?.conflict?.fields).toEqual([
      expect.objectContaining({
        field: "title",
        base: "Both sides",
        mine: "Mine",
        theirs: "Theirs",
      }),
    ]);
    expect(waiting).toMatchObject({ state: "pending", attempts: 0 });
    const between = (await onServer(jobNumber)).job;
    expect(between).toMatchObject({ title: "Theirs", status: "in_progress" });

    outbox.resolve("job", jobNumber, "mine");
    const resent = outbox.list();
    expect(resent.map((e) => e.state)).toEqual(["pending", "pending"]);
    // Sent on top of what the server held: the version the conflict reported, its value as base.
    expect(conflict?.conflict?.currentVersion).toBeGreaterThan(version);
    expect(resent[0]?.input).toMatchObject({
      version: conflict?.conflict?.currentVersion,
      base: { title: "Theirs" },
    });
    expect(await outbox.push(client)).toBe("done");
    expect(outbox.list()).toEqual([]);
    expect((await onServer(jobNumber)).job.title).toBe("Mine again");
  });

  it("'theirs' drops my change to the conflicting field; an edit left empty goes with its overlay", async () => {
    const { jobNumber, version } = await newJob("Theirs wins");
    const titleOnly = outbox.enqueue({
      procedure: "staff.jobs.update",
      input: { jobNumber, version, patch: { title: "Mine" }, base: { title: "Theirs wins" } },
      entity: "job",
      entityKey: jobNumber,
      label: "title",
      overlays: [{ entity: "job", entityKey: jobNumber, patch: { title: "Mine" } }],
    });
    const titleAndNotes = outbox.enqueue({
      procedure: "staff.jobs.update",
      input: {
        jobNumber,
        version,
        patch: { title: "Mine too", shopNotes: "Keep this note" },
        base: { title: "Mine", shopNotes: "" },
      },
      entity: "job",
      entityKey: jobNumber,
      label: "title and notes",
      overlays: [
        {
          entity: "job",
          entityKey: jobNumber,
          patch: { title: "Mine too", shopNotes: "Keep this note" },
        },
      ],
    });
    await other.caller.staff.jobs.update({
      jobNumber,
      version,
      patch: { title: "Their title" },
      base: { title: "Theirs wins" },
    });
    expect(await outbox.push(client)).toBe("done");
    expect(outbox.get(titleOnly)?.state).toBe("conflict");

    outbox.resolve("job", jobNumber, "theirs");
    expect(outbox.get(titleOnly)).toBeNull();
    expect(outbox.get(titleAndNotes)?.input).toMatchObject({
      patch: { shopNotes: "Keep this note" },
      base: { shopNotes: "" },
    });
    expect(listOverlays(db, "job").map((o) => [o.mutationId, o.patch])).toEqual([
      [titleAndNotes, { shopNotes: "Keep this note" }],
    ]);
    expect(await outbox.push(client)).toBe("done");
    expect((await onServer(jobNumber)).job).toMatchObject({
      title: "Their title",
      shopNotes: "Keep this note",
    });
  });

  it("signed out: the push stops and keeps every write", async () => {
    const { jobNumber } = await newJob("Signed out");
    queue(jobNumber, { procedure: "staff.jobs.setProgress", input: { jobNumber, progress: 5 } });
    const stale = createUntypedApiClient({ serverUrl: api.url(), token: () => "A".repeat(32) });
    expect(await outbox.push(stale)).toBe("unauthorized");
    expect(outbox.list()).toMatchObject([{ state: "pending", attempts: 1 }]);
    expect(outbox.list()[0]?.lastError).toBeTruthy();
    expect(await outbox.push(client)).toBe("done");
  });
});
