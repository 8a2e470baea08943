import { randomBytes } from "node:crypto";
import { useTestDatabase } from "@traveler/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { PgFileStorage } from "./pg-storage.ts";
import { ORPHAN_GRACE_MS, sweepOrphanFiles } from "./sweep-orphans.ts";

const database = useTestDatabase();
const HOUR = 3_600_000;

async function* pieces(bytes: Buffer, size = 700) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("sweeping orphaned file bytes", () => {
  it("removes old bytes nothing records; keeps recorded, recent and in-progress ones", async () => {
    const { db } = database();
    const storage = new PgFileStorage(db, { chunkSize: 1000 });
    const customer = await db
      .insertInto("customers")
      .values({ name: "Sweep Test", email: "sweep@example.test" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const job = await db
      .insertInto("jobs")
      .values({ customer_id: customer.id, title: "Sweep" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const request = await db
      .insertInto("quote_requests")
      .values({ customer_id: customer.id, what: "Sweep quote", quantity: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const put = () => storage.put(pieces(randomBytes(2500)), { contentType: "image/png" });
    const jobFile = async (key: string, name: string) =>
      db
        .insertInto("job_files")
        .values({
          job_id: job.id,
          storage_key: key,
          file_name: name,
          content_type: "image/png",
          byte_size: 2500,
          sha256: "c".repeat(64),
          visible_to_customer: true,
          uploaded_by_customer: customer.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();

    const onJob = await put();
    await jobFile(onJob.key, "on-job.png");
    const removedFromJob = await put();
    const removed = await jobFile(removedFromJob.key, "removed.png");
    // Job files are soft-deleted (a trigger keeps the row): their bytes stay.
    await db.deleteFrom("job_files").where("id", "=", removed.id).execute();
    const onRequest = await put();
    await db
      .insertInto("quote_request_files")
      .values({
        request_id: request.id,
        storage_key: onRequest.key,
        file_name: "on-request.png",
        content_type: "image/png",
        byte_size: 2500,
        sha256: "d".repeat(64),
      })
      .execute();
    const oldOrphan = await put();
    const recentOrphan = await put();
    // Everything but the recent orphan was stored two hours ago.
    await db
      .updateTable("file_blobs")
      .set({
        created_at: sql<Date>`now() - interval '2 hours'`,
        completed_at: sql<Date>`now() - interval '2 hours'`,
      })
      .where("key", "<>", recentOrphan.key)
      .execute();

    // An upload that started long ago and is still running when the sweep comes.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow() {
      yield randomBytes(2500);
      await gate;
      yield randomBytes(10);
    }
    const running = storage.put(slow(), { contentType: "image/png" });
    await expect
      .poll(async () =>
        db
          .selectFrom("file_chunks as c")
          .innerJoin("file_blobs as b", "b.key", "c.blob_key")
          .select("c.seq")
          .where("b.completed_at", "is", null)
          .execute()
          .then((rows) => rows.length),
      )
      .toBe(2);
    await db
      .updateTable("file_blobs")
      .set({ created_at: sql<Date>`now() - interval '3 hours'` })
      .where("completed_at", "is", null)
      .execute();

    const cutoff = new Date(Date.now() - ORPHAN_GRACE_MS);
    expect(await sweepOrphanFiles(db, cutoff)).toBe(1);
    expect(await storage.stat(oldOrphan.key)).toBeNull();
    const chunksLeft = await db
      .selectFrom("file_chunks")
      .select("seq")
      .where("blob_key", "=", oldOrphan.key)
      .execute();
    expect(chunksLeft).toEqual([]);
    for (const kept of [onJob, removedFromJob, onRequest, recentOrphan]) {
      expect(await storage.stat(kept.key)).toEqual({ byteSize: 2500, contentType: "image/png" });
    }
    // Idempotent.
    expect(await sweepOrphanFiles(db, cutoff)).toBe(0);

    // The upload still completes, and its bytes are kept once recorded.
    release();
    const done = await running;
    expect(done.byteSize).toBe(2510);
    await jobFile(done.key, "slow.png");
    expect(await sweepOrphanFiles(db, new Date(Date.now() + HOUR))).toBe(1);
    expect(await storage.stat(done.key)).not.toBeNull();
    // Only the recent orphan went, once past its own grace.
    expect(await storage.stat(recentOrphan.key)).toBeNull();
  });
});
