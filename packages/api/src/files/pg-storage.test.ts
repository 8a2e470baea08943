import { createHash, randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { useTestDatabase } from "@traveler/db/testing";
import { describe, expect, it } from "vitest";
import { makePdf } from "../testing/make-pdf.ts";
import { PgFileStorage } from "./pg-storage.ts";
import { FileNotFoundError, RangeNotSatisfiableError } from "./storage.ts";

const database = useTestDatabase();

async function readAll(stream: Readable) {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function rowCounts() {
  const { db } = database();
  const blobs = await db
    .selectFrom("file_blobs")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const chunks = await db
    .selectFrom("file_chunks")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return { blobs: Number(blobs.n), chunks: Number(chunks.n) };
}

/** Splits a buffer into uneven pieces, as a network stream delivers it. */
async function* pieces(bytes: Buffer, size = 777) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe("PgFileStorage", () => {
  it("stores and returns the same bytes, size, type and SHA-256 across chunk boundaries", async () => {
    const storage = new PgFileStorage(database().db, { chunkSize: 1000 });
    const bytes = randomBytes(10_500);
    const stored = await storage.put(pieces(bytes), { contentType: "application/pdf" });
    expect(stored.byteSize).toBe(10_500);
    expect(stored.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(await storage.stat(stored.key)).toEqual({
      byteSize: 10_500,
      contentType: "application/pdf",
    });
    expect((await readAll(await storage.get(stored.key))).equals(bytes)).toBe(true);
    const chunks = await database()
      .db.selectFrom("file_chunks")
      .select(["seq", (eb) => eb.fn("length", ["data"]).as("len")])
      .where("blob_key", "=", stored.key)
      .orderBy("seq")
      .execute();
    expect(chunks.map((c) => Number(c.len))).toEqual([...Array(10).fill(1000), 500]);
  });

  it("reads any inclusive byte range, clamping an end past the file", async () => {
    const storage = new PgFileStorage(database().db, { chunkSize: 1000 });
    const bytes = randomBytes(25_003);
    const { key } = await storage.put(pieces(bytes, 4096), { contentType: "image/png" });
    for (const [start, end] of [
      [0, 0],
      [0, 999],
      [999, 1000],
      [1500, 1500],
      [2500, 17_321],
      [24_999, 25_002],
      [8000, 8999],
      [0, 25_002],
    ] as const) {
      const got = await readAll(await storage.get(key, { start, end }));
      expect(got.equals(bytes.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
    const clamped = await readAll(await storage.get(key, { start: 25_000, end: 99_999 }));
    expect(clamped.equals(bytes.subarray(25_000))).toBe(true);
    await expect(storage.get(key, { start: 25_003, end: 25_010 })).rejects.toBeInstanceOf(
      RangeNotSatisfiableError,
    );
    await expect(storage.get(key, { start: 10, end: 5 })).rejects.toBeInstanceOf(
      RangeNotSatisfiableError,
    );
  });

  it("a body that fails leaves no blob and no chunk, and the body's error comes through", async () => {
    const storage = new PgFileStorage(database().db, { chunkSize: 1000 });
    const before = await rowCounts();
    async function* broken() {
      yield randomBytes(5000);
      throw new Error("connection reset");
    }
    await expect(storage.put(broken(), { contentType: "application/pdf" })).rejects.toThrow(
      "connection reset",
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("an unknown or deleted key is not found; deleting twice is fine", async () => {
    const storage = new PgFileStorage(database().db);
    await expect(storage.get("0".repeat(32))).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await storage.stat("0".repeat(32))).toBeNull();
    const { key } = await storage.put(pieces(randomBytes(3000)), { contentType: "image/gif" });
    await storage.delete(key);
    await storage.delete(key);
    await expect(storage.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await storage.stat(key)).toBeNull();
  });

  it("an upload in progress is not readable; a stale one is swept", async () => {
    const storage = new PgFileStorage(database().db, { chunkSize: 1000 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow() {
      yield randomBytes(2500);
      await gate;
      yield randomBytes(10);
    }
    const putting = storage.put(slow(), { contentType: "application/zip" });
    let key: string | undefined;
    for (let i = 0; i < 100 && !key; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const row = await database()
        .db.selectFrom("file_blobs")
        .select("key")
        .where("completed_at", "is", null)
        .executeTakeFirst();
      key = row?.key;
    }
    expect(key).toBeDefined();
    await expect(storage.get(key as string)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await storage.sweepIncomplete(new Date(Date.now() - 60_000))).toBe(0);
    release();
    const stored = await putting;
    expect(stored.byteSize).toBe(2510);
    // A blob left incomplete by a crash is removed once old enough.
    await database()
      .db.insertInto("file_blobs")
      .values({
        key: "a".repeat(32),
        content_type: "x/y",
        chunk_size: 10,
        created_at: new Date(Date.now() - 3_600_000),
      })
      .execute();
    expect(await storage.sweepIncomplete(new Date(Date.now() - 60_000))).toBe(1);
    expect(await storage.stat(stored.key)).not.toBeNull();
  });

  it("streams a 50 MB PDF in and out without holding it in memory", {
    timeout: 120_000,
  }, async () => {
    // Live memory, measured after a full collection every 4 MB of progress: garbage from the
    // driver comes and goes, but a storage that held the file would keep 50 MB alive.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const live = () => {
      gc();
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    const storage = new PgFileStorage(database().db);
    const size = 50 * 1024 * 1024;
    const baseline = live();
    let peak = baseline;
    let sinceSample = 0;
    const sample = (bytes: number) => {
      sinceSample += bytes;
      if (sinceSample >= 4 * 1024 * 1024) {
        sinceSample = 0;
        const now = live();
        if (process.env.DEBUG_MEM) console.log(Math.round((now - baseline) / 1e6));
        peak = Math.max(peak, now);
      }
    };
    const inHash = createHash("sha256");
    async function* hashed() {
      for await (const part of makePdf({ pages: 2, padBytes: size })) {
        inHash.update(part);
        sample(part.length);
        yield part;
      }
    }
    const stored = await storage.put(hashed(), { contentType: "application/pdf" });
    expect(stored.byteSize).toBeGreaterThan(size);
    expect(stored.sha256).toBe(inHash.digest("hex"));
    const outHash = createHash("sha256");
    let outBytes = 0;
    for await (const part of await storage.get(stored.key)) {
      outHash.update(part as Buffer);
      outBytes += (part as Buffer).length;
      sample((part as Buffer).length);
    }
    expect(outBytes).toBe(stored.byteSize);
    expect(outHash.digest("hex")).toBe(stored.sha256);
    // Holding the file would keep 50 MB alive; streaming holds a few 256 KiB chunks.
    expect(peak - baseline).toBeLessThan(10 * 1024 * 1024);
  });
});
