import type { Readable } from "node:stream";

/** An inclusive byte range, as HTTP's `Range: bytes=start-end` states it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredFile {
  /** Opaque: only the storage that made it can read it. */
  key: string;
  byteSize: number;
  sha256: string;
}

/**
 * Where file bytes live. PostgreSQL by default (`pg-storage.ts`); an S3-compatible store can
 * replace it by implementing these four methods and being returned from `createFileStorage`
 * (`create-storage.ts`), the one place that picks the storage. Nothing else knows which it is.
 *
 * `put` streams: it never holds the whole body in memory, and when the body fails (a refused
 * upload, a broken connection) it leaves nothing behind and rethrows the body's error.
 */
export interface FileStorage {
  put(
    body: Readable | AsyncIterable<Uint8Array>,
    meta: { contentType: string },
  ): Promise<StoredFile>;
  /** The bytes (or the inclusive range of them); rejects with FileNotFoundError for an unknown key. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<{ byteSize: number; contentType: string } | null>;
  /** Removes the bytes; deleting an unknown key is not an error. */
  delete(key: string): Promise<void>;
}

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`No stored file ${key.slice(0, 8)}…`);
    this.name = "FileNotFoundError";
  }
}

export class RangeNotSatisfiableError extends Error {
  readonly byteSize: number;
  constructor(byteSize: number) {
    super("The requested range is outside the file.");
    this.name = "RangeNotSatisfiableError";
    this.byteSize = byteSize;
  }
}
