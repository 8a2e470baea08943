import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CacheDb } from "./cache/database.ts";
import { type Connection, downloadBytes } from "./file-uploads.ts";

/** Images a browser shows as they are: downloaded whole when small enough. */
export const SHOWN_AS_IS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
};
const EXTENSION_TYPES = Object.fromEntries(
  Object.entries(SHOWN_AS_IS).map(([type, ext]) => [ext, type]),
);

/** A proof image up to this size is downloaded whole; larger ones (and PDFs) show their preview. */
export const FULL_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** The folder stays under this size: the least recently written images go first. */
export const IMAGE_CACHE_MAX_BYTES = 200 * 1024 * 1024;

export type ProofImage =
  | {
      state: "ready";
      contentType: string;
      base64: string;
      /** The file's thumbnail / first-page preview, or the whole image. */
      variant: "full" | "preview";
      fromCache: boolean;
    }
  | { state: "unavailable"; reason: "offline" | "no-preview" | "not-found"; message: string };

/**
 * What the proof card draws pins on (issue 13): a proof file's image, from a small folder beside
 * the SQLite cache once seen, else from the server (the staff download or thumbnail route, with
 * the core's token: the renderer never holds it). Keyed by the file's id and sha256, so a
 * replaced file is fetched again. Holds customers' artwork: emptied with the shop's data.
 */
export class ProofImages {
  constructor(
    private readonly db: CacheDb,
    private readonly folder: string,
    private readonly maxBytes = IMAGE_CACHE_MAX_BYTES,
  ) {}

  async get(jobNumber: string, fileId: number, conn: Connection | null): Promise<ProofImage> {
    const file = this.db
      .prepare(
        `select f.content_type, f.byte_size, f.sha256, f.has_thumbnail from job_files f
         join jobs j on j.id = f.job_id
         where f.id = ? and j.job_number = ? and f.deleted_at is null`,
      )
      .get(fileId, jobNumber) as
      | { content_type: string; byte_size: number; sha256: string; has_thumbnail: number }
      | undefined;
    if (!file) return { state: "unavailable", reason: "not-found", message: "File not found." };
    const full = file.content_type in SHOWN_AS_IS && file.byte_size <= FULL_IMAGE_MAX_BYTES;
    if (!full && !file.has_thumbnail) {
      return {
        state: "unavailable",
        reason: "no-preview",
        message: "This file has no preview image.",
      };
    }
    const variant = full ? "full" : "preview";
    const stem = `${fileId}-${file.sha256}-${variant}`;
    const cached = this.read(stem);
    if (cached) return { state: "ready", variant, fromCache: true, ...cached };
    if (!conn) return offline();
    let bytes: { contentType: string; bytes: Buffer };
    try {
      bytes = await downloadBytes(
        conn,
        { jobNumber, fileId, ...(full ? {} : { thumb: true }) },
        20_000,
      );
    } catch (error) {
      if (error instanceof Error && error.message === "File not found.") {
        return { state: "unavailable", reason: "not-found", message: error.message };
      }
      return offline();
    }
    const contentType = bytes.contentType.split(";")[0]!.trim();
    const ext = SHOWN_AS_IS[contentType];
    if (!ext) return { state: "unavailable", reason: "no-preview", message: "No preview image." };
    this.write(`${stem}.${ext}`, bytes.bytes);
    return {
      state: "ready",
      variant,
      fromCache: false,
      contentType,
      base64: bytes.bytes.toString("base64"),
    };
  }

  /** Deletes every cached image (sign-out removing this computer's data). */
  clear(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  private read(stem: string): { contentType: string; base64: string } | null {
    for (const [ext, contentType] of Object.entries(EXTENSION_TYPES)) {
      try {
        const bytes = readFileSync(join(this.folder, `${stem}.${ext}`));
        return { contentType, base64: bytes.toString("base64") };
      } catch {
        // Not this extension (or not cached).
      }
    }
    return null;
  }

  private write(name: string, bytes: Buffer): void {
    mkdirSync(this.folder, { recursive: true });
    writeFileSync(join(this.folder, name), bytes);
    this.trim(name);
  }

  /** Keeps the folder under maxBytes, removing the oldest images first (never `keep`). */
  private trim(keep: string): void {
    const files = readdirSync(this.folder).map((name) => {
      const stat = statSync(join(this.folder, name));
      return { name, size: stat.size, at: stat.mtimeMs };
    });
    let total = files.reduce((n, f) => n + f.size, 0);
    for (const f of files.sort((a, b) => a.at - b.at)) {
      if (total <= this.maxBytes) break;
      if (f.name === keep) continue;
      rmSync(join(this.folder, f.name), { force: true });
      total -= f.size;
    }
  }
}

const offline = (): ProofImage => ({
  state: "unavailable",
  reason: "offline",
  message: "The image has not been seen on this computer yet and the server is not reachable.",
});
