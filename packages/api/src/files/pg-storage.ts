import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { Db } from "@traveler/db/client";
import { sql } from "kysely";
import {
  type ByteRange,
  FileNotFoundError,
  type FileStorage,
  RangeNotSatisfiableError,
  type StoredFile,
} from "./storage.ts";

/** 256 KiB: small enough that a read holds little, large enough that a 100 MB file is 400 rows. */
export const DEFAULT_CHUNK_SIZE = 256 * 1024;
/** Chunks fetched per query while reading. */
const READ_BATCH = 8;

/**
 * Files in PostgreSQL: `file_blobs` (one row per file) + `file_chunks` (fixed-size pieces).
 * Each chunk is written in its own short statement, never one long transaction (which would hold
 * the sync watermark and, in embedded mode, block every other connection); the blob is readable
 * only once `completed_at` is set at the end. A body that fails deletes the blob (chunks cascade).
 * Blobs whose upload died with the process stay incomplete and are removed by `sweepIncomplete`.
 */
export class PgFileStorage implements FileStorage {
  readonly #db: Db;
  readonly #chunkSize: number;

  constructor(db: Db, options: { chunkSize?: number } = {}) {
    this.#db = db;
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  }

  async put(
    body: Readable | AsyncIterable<Uint8Array>,
    meta: { contentType: string },
  ): Promise<StoredFile> {
    const key = randomBytes(16).toString("hex");
    const chunkSize = this.#chunkSize;
    await this.#db
      .insertInto("file_blobs")
      .values({ key, content_type: meta.contentType, chunk_size: chunkSize })
      .execute();
    const hash = createHash("sha256");
    let byteSize = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (data: Buffer) => {
      await this.#db.insertInto("file_chunks").values({ blob_key: key, seq, data }).execute();
      seq += 1;
    };
    try {
      for await (const piece of body) {
        const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
        hash.update(bytes);
        byteSize += bytes.length;
        pending.push(bytes);
        pendingBytes += bytes.length;
        while (pendingBytes >= chunkSize) {
          const joined = Buffer.concat(pending, pendingBytes);
          await flush(joined.subarray(0, chunkSize));
          const rest = joined.subarray(chunkSize);
          pending = rest.length > 0 ? [Buffer.from(rest)] : [];
          pendingBytes = rest.length;
        }
      }
      if (pendingBytes > 0) await flush(Buffer.concat(pending, pendingBytes));
      const sha256 = hash.digest("hex");
      await this.#db
        .updateTable("file_blobs")
        .set({ byte_size: byteSize, sha256, completed_at: sql<Date>`now()` })
        .where("key", "=", key)
        .execute();
      return { key, byteSize, sha256 };
    } catch (error) {
      await this.delete(key).catch(() => {});
      throw error;
    }
  }

  async stat(key: string): Promise<{ byteSize: number; contentType: string } | null> {
    const blob = await this.#completedBlob(key);
    return blob ? { byteSize: blob.byteSize, contentType: blob.content_type } : null;
  }

  /** A blob whose upload has completed (an upload in progress is never read). */
  async #completedBlob(key: string) {
    const row = await this.#db
      .selectFrom("file_blobs")
      .select(["byte_size", "content_type", "chunk_size"])
      .where("key", "=", key)
      .where("completed_at", "is not", null)
      .executeTakeFirst();
    return row ? { ...row, byteSize: Number(row.byte_size) } : null;
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const blob = await this.#completedBlob(key);
    if (!blob) throw new FileNotFoundError(key);
    const size = blob.byteSize;
    const start = range?.start ?? 0;
    const end = range ? Math.min(range.end, size - 1) : size - 1;
    if (range && (start < 0 || start > end || start >= size)) {
      throw new RangeNotSatisfiableError(size);
    }
    return Readable.from(this.#chunks(key, blob.chunk_size, start, end), { objectMode: false });
  }

  async *#chunks(key: string, chunkSize: number, start: number, end: number) {
    if (end < start) return;
    const last = Math.floor(end / chunkSize);
    for (let seq = Math.floor(start / chunkSize); seq <= last; seq += READ_BATCH) {
      const rows = await this.#db
        .selectFrom("file_chunks")
        .select(["seq", "data"])
        .where("blob_key", "=", key)
        .where("seq", ">=", seq)
        .where("seq", "<=", Math.min(seq + READ_BATCH - 1, last))
        .orderBy("seq")
        .execute();
      for (const row of rows) {
        const offset = row.seq * chunkSize;
        const from = Math.max(start - offset, 0);
        const to = Math.min(end - offset + 1, row.data.length);
        yield from === 0 && to === row.data.length ? row.data : row.data.subarray(from, to);
      }
    }
  }

  async delete(key: string): Promise<void> {
    await this.#db.deleteFrom("file_blobs").where("key", "=", key).execute();
  }

  /** Removes uploads that never completed (the process died mid-upload) older than `olderThan`. */
  async sweepIncomplete(olderThan: Date): Promise<number> {
    const result = await this.#db
      .deleteFrom("file_blobs")
      .where("completed_at", "is", null)
      .where("created_at", "<", olderThan)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
