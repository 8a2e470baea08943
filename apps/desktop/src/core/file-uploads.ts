import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CacheDb } from "./cache/database.ts";

export interface PendingUpload {
  id: number;
  jobNumber: string;
  fileName: string;
  caption: string;
  visibleToCustomer: boolean;
  byteSize: number;
  state: "pending" | "failed";
  lastError: string | null;
  createdAt: string;
}

export interface Connection {
  serverUrl: string;
  token: () => string | null;
}

export type UploadOutcome = "done" | "offline" | "unauthorized";

/**
 * Files attached in the console (issue 13). Attaching copies the bytes into a folder beside the
 * cache and records the upload in `file_uploads` with an idempotency key, so it survives a
 * restart and is sent once: `push` posts each pending file, in order, to the portal's upload
 * route (multipart, Bearer token, `Idempotency-Key`); a retry after a lost answer returns the
 * first result. A file the server refuses (type, size, job gone) is marked failed with the
 * server's message; the network being away leaves it pending.
 */
export class FileUploads {
  constructor(
    private readonly db: CacheDb,
    private readonly folder: string,
  ) {}

  add(input: {
    jobNumber: string;
    fileName: string;
    bytes: Buffer;
    caption: string;
    visibleToCustomer: boolean;
    /** A queued reply waits for it: its server id is kept (upload_results) until then. */
    forMessage?: boolean;
  }): number {
    mkdirSync(this.folder, { recursive: true });
    const key = `file-${randomUUID()}`;
    const path = join(this.folder, key);
    writeFileSync(path, input.bytes);
    const row = this.db
      .prepare(
        `insert into file_uploads (job_number, file_name, caption, visible_to_customer, byte_size,
           path, idempotency_key, created_at, for_message)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
      )
      .get(
        input.jobNumber,
        input.fileName,
        input.caption,
        input.visibleToCustomer ? 1 : 0,
        input.bytes.length,
        path,
        key,
        new Date().toISOString(),
        input.forMessage ? 1 : 0,
      ) as { id: number };
    return row.id;
  }

  list(jobNumber?: string): PendingUpload[] {
    const rows = this.db
      .prepare(
        `select id, job_number, file_name, caption, visible_to_customer, byte_size, state,
           last_error, created_at from file_uploads
         ${jobNumber ? "where job_number = ?" : ""} order by id`,
      )
      .all(...(jobNumber ? [jobNumber] : [])) as {
      id: number;
      job_number: string;
      file_name: string;
      caption: string;
      visible_to_customer: number;
      byte_size: number;
      state: "pending" | "failed";
      last_error: string | null;
      created_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      jobNumber: r.job_number,
      fileName: r.file_name,
      caption: r.caption,
      visibleToCustomer: r.visible_to_customer === 1,
      byteSize: r.byte_size,
      state: r.state,
      lastError: r.last_error,
      createdAt: r.created_at,
    }));
  }

  pendingCount(): number {
    return (
      this.db.prepare("select count(*) as n from file_uploads where state = 'pending'").get() as {
        n: number;
      }
    ).n;
  }

  /** Attached files not on the server yet: pending or failed (the copy here is the only one). */
  waitingCount(): number {
    return (
      this.db.prepare("select count(*) as n from file_uploads").get() as {
        n: number;
      }
    ).n;
  }

  /** Forgets every waiting upload and deletes its copy (sign-out removing this computer's data). */
  clear(): void {
    const rows = this.db.prepare("select path from file_uploads").all() as { path: string }[];
    this.db.prepare("delete from file_uploads").run();
    this.db.prepare("delete from upload_results").run();
    for (const row of rows) rmSync(row.path, { force: true });
  }

  /** Drops a queued or failed upload and its copy. */
  discard(id: number): void {
    const row = this.db.prepare("select path from file_uploads where id = ?").get(id) as
      | { path: string }
      | undefined;
    if (!row) return;
    this.db.prepare("delete from file_uploads where id = ?").run(id);
    rmSync(row.path, { force: true });
  }

  async push(conn: Connection): Promise<UploadOutcome> {
    const pending = this.db
      .prepare(
        `select id, job_number, file_name, caption, visible_to_customer, path, idempotency_key,
           for_message
         from file_uploads where state = 'pending' order by id`,
      )
      .all() as {
      id: number;
      job_number: string;
      file_name: string;
      caption: string;
      visible_to_customer: number;
      path: string;
      idempotency_key: string;
      for_message: number;
    }[];
    for (const upload of pending) {
      const form = new FormData();
      form.append("caption", upload.caption);
      if (upload.visible_to_customer) form.append("visibleToCustomer", "true");
      form.append("fileName", upload.file_name);
      form.append("file", new Blob([new Uint8Array(readFileSync(upload.path))]), upload.file_name);
      let res: Response;
      try {
        res = await fetch(
          `${conn.serverUrl.replace(/\/$/, "")}/admin/job/${encodeURIComponent(upload.job_number)}/files`,
          {
            method: "POST",
            headers: {
              Authorization: `Bearer ${conn.token() ?? ""}`,
              Accept: "application/json",
              "Idempotency-Key": upload.idempotency_key,
            },
            body: form,
            signal: AbortSignal.timeout(120_000),
          },
        );
      } catch {
        return "offline";
      }
      if (res.status === 401) return "unauthorized";
      if (res.status >= 500) return "offline";
      if (res.ok) {
        const body = upload.for_message
          ? ((await res.json().catch(() => null)) as { file?: { id?: unknown } } | null)
          : null;
        this.db.transaction(() => {
          this.db.prepare("delete from file_uploads where id = ?").run(upload.id);
          if (typeof body?.file?.id === "number") {
            this.db
              .prepare("insert or replace into upload_results (upload_id, file_id) values (?, ?)")
              .run(upload.id, body.file.id);
          }
        })();
        rmSync(upload.path, { force: true });
        continue;
      }
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      this.db
        .prepare("update file_uploads set state = 'failed', last_error = ? where id = ?")
        .run(body?.error?.message ?? `The server refused the file (${res.status}).`, upload.id);
    }
    return "done";
  }
}

/** What a queued reply's attached uploads have become (read when the reply is pushed). */
export type UploadsResolution =
  | { state: "ready"; fileIds: number[] }
  | { state: "waiting" }
  | { state: "failed"; message: string };

export function resolveUploads(db: CacheDb, uploadIds: readonly number[]): UploadsResolution {
  const fileIds: number[] = [];
  let waiting = false;
  for (const id of uploadIds) {
    const done = db.prepare("select file_id from upload_results where upload_id = ?").get(id) as
      | { file_id: number }
      | undefined;
    if (done) {
      fileIds.push(done.file_id);
      continue;
    }
    const upload = db
      .prepare("select file_name, state, last_error from file_uploads where id = ?")
      .get(id) as { file_name: string; state: string; last_error: string | null } | undefined;
    if (!upload) return { state: "failed", message: "An attached file was discarded." };
    if (upload.state === "failed") {
      return {
        state: "failed",
        message: `The attached file ${upload.file_name} was not uploaded: ${upload.last_error ?? "refused"}`,
      };
    }
    waiting = true;
  }
  return waiting ? { state: "waiting" } : { state: "ready", fileIds };
}

/** Forgets the server ids of uploads once the reply that waited for them was sent. */
export function forgetUploadResults(db: CacheDb, uploadIds: readonly number[]): void {
  const del = db.prepare("delete from upload_results where upload_id = ?");
  for (const id of uploadIds) del.run(id);
}

/** The portal's address of a file's bytes: a job's file, its thumbnail, a request's file. */
export type FilePath =
  | { jobNumber: string; fileId: number; thumb?: boolean }
  | { requestNumber: string; fileId: number };

function filePath(path: FilePath): string {
  if ("requestNumber" in path) {
    return `/admin/requests/${encodeURIComponent(path.requestNumber)}/files/${path.fileId}`;
  }
  return `/admin/job/${encodeURIComponent(path.jobNumber)}/files/${path.fileId}${path.thumb ? "/thumb" : ""}`;
}

/** A stored file's bytes (or thumbnail), downloaded from the portal with the console's token. */
export async function downloadFile(
  conn: Connection,
  path: FilePath,
): Promise<{ contentType: string; base64: string }> {
  const bytes = await downloadBytes(conn, path);
  return { contentType: bytes.contentType, base64: bytes.bytes.toString("base64") };
}

export async function downloadBytes(
  conn: Connection,
  path: FilePath,
  timeoutMs = 60_000,
): Promise<{ contentType: string; bytes: Buffer }> {
  const res = await fetch(`${conn.serverUrl.replace(/\/$/, "")}${filePath(path)}`, {
    headers: { Authorization: `Bearer ${conn.token() ?? ""}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok)
    throw new Error(res.status === 404 ? "File not found." : `Download failed (${res.status}).`);
  return {
    contentType: res.headers.get("content-type") ?? "application/octet-stream",
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}
