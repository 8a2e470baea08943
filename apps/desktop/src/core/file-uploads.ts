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

interface Connection {
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
  }): number {
    mkdirSync(this.folder, { recursive: true });
    const key = `file-${randomUUID()}`;
    const path = join(this.folder, key);
    writeFileSync(path, input.bytes);
    const row = this.db
      .prepare(
        `insert into file_uploads (job_number, file_name, caption, visible_to_customer, byte_size,
           path, idempotency_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
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
        `select id, job_number, file_name, caption, visible_to_customer, path, idempotency_key
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
        this.db.prepare("delete from file_uploads where id = ?").run(upload.id);
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

/** A stored file's bytes, downloaded from the portal with the console's token. */
export async function downloadFile(
  conn: Connection,
  jobNumber: string,
  fileId: number,
): Promise<{ contentType: string; base64: string }> {
  const res = await fetch(
    `${conn.serverUrl.replace(/\/$/, "")}/admin/job/${encodeURIComponent(jobNumber)}/files/${fileId}`,
    { headers: { Authorization: `Bearer ${conn.token() ?? ""}` } },
  );
  if (!res.ok)
    throw new Error(res.status === 404 ? "File not found." : `Download failed (${res.status}).`);
  return {
    contentType: res.headers.get("content-type") ?? "application/octet-stream",
    base64: Buffer.from(await res.arrayBuffer()).toString("base64"),
  };
}
