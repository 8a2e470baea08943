import { TRPCClientError } from "@trpc/client";
import type { CacheDb } from "./cache/database.ts";
import {
  type ConflictField,
  type ConflictInfo,
  clearOutbox,
  countAttempt,
  deleteOutboxEntry,
  type EnqueueInput,
  getOutboxEntry,
  listOutbox,
  markOutboxEntry,
  type OutboxEntry,
  outboxCount,
  queueWrite,
  requeueOutboxEntry,
  setOutboxInput,
} from "./cache/outbox.ts";
import { confirmOverlay, dropOverlay, setOverlayPatch } from "./cache/overlays.ts";
import { forgetUploadResults, resolveUploads } from "./file-uploads.ts";
import type { EditProcedure, QueuedProcedure } from "./procedures.ts";

export type { ConflictField, ConflictInfo, EnqueueInput, OutboxEntry } from "./cache/outbox.ts";

export type PushOutcome = "done" | "offline" | "unauthorized";

/** What a push needs of the API client: one mutation by path (the untyped tRPC client). */
export interface WriteSender {
  mutation(path: QueuedProcedure, input: unknown): Promise<unknown>;
}

/** The upload ids a queued write waits for (`attachments`, a console-only field of its input). */
export function attachedUploads(input: object): number[] {
  const list = (input as { attachments?: unknown }).attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) => {
    const id = (a as { uploadId?: unknown } | null)?.uploadId;
    return typeof id === "number" ? [id] : [];
  });
}

/** Edits carry a patch (and the base values it started from) and can conflict per field. */
export function isEdit<E extends Pick<OutboxEntry, "procedure">>(
  entry: E,
): entry is E & { procedure: EditProcedure } {
  return entry.procedure.endsWith(".update");
}

/**
 * Queued writes (ARCHITECTURE §4): stored in SQLite with an idempotency key (client id +
 * increasing mutation id), shown at once through overlays, pushed in order when online. The
 * server stores the key with the effect, so a retry after a lost response applies nothing twice.
 *
 * Edits carry `base` (the values the editor started from), so the server merges them per field:
 * a status change, a photo or a colleague's edit of other fields never conflicts. When the same
 * field changed on both sides, that edit and the later edits of the same record wait for one
 * decision (`resolve`); the record's other writes (status, progress, photos) go on.
 */
export class Outbox {
  /** "new:<mutation id>" of each record created since start -> its key on the server. */
  private readonly created = new Map<string, string>();

  constructor(private readonly db: CacheDb) {}

  /**
   * The server's key of a record queued as `new:<id>` (a job's number, a customer's id) once its
   * create was pushed, so a screen showing the queued record can follow it; null until then.
   */
  createdKey(key: string): string | null {
    return this.created.get(key) ?? null;
  }

  enqueue(entry: EnqueueInput): number {
    return queueWrite(this.db, entry);
  }

  list(): OutboxEntry[] {
    return listOutbox(this.db);
  }

  get(id: number): OutboxEntry | null {
    return getOutboxEntry(this.db, id);
  }

  pendingCount(): number {
    return outboxCount(this.db);
  }

  /** Forgets every queued write and its overlays. */
  clear(): void {
    clearOutbox(this.db);
  }

  /** Pushes pending entries in order until done, offline, or signed out. */
  async push(client: WriteSender): Promise<PushOutcome> {
    // A failed write blocks every later write of its record (they build on it); a conflict
    // blocks only the record's later edits (they wait for the same decision).
    const blockedAll = new Set<string>();
    const blockedEdits = new Set<string>();
    for (const entry of this.list()) {
      const record = `${entry.entity}:${entry.entityKey}`;
      if (entry.state === "failed") blockedAll.add(record);
      if (entry.state === "conflict") blockedEdits.add(record);
      if (entry.state !== "pending") continue;
      if (blockedAll.has(record) || (isEdit(entry) && blockedEdits.has(record))) continue;
      // Re-read: an earlier write of this push may have rebased this one.
      const current = this.get(entry.id);
      if (current?.state !== "pending") continue;
      // A reply with files attached here goes once they are uploaded, carrying their ids.
      const uploadIds = attachedUploads(current.input);
      let sent: Record<string, unknown> = current.input as Record<string, unknown>;
      if (uploadIds.length > 0) {
        const files = resolveUploads(this.db, uploadIds);
        if (files.state === "waiting") {
          blockedAll.add(record);
          continue;
        }
        if (files.state === "failed") {
          markOutboxEntry(this.db, entry.id, files.message, { state: "failed" });
          blockedAll.add(record);
          continue;
        }
        const { attachments: _local, ...rest } = sent;
        const fileIds = Array.isArray(rest.fileIds) ? (rest.fileIds as number[]) : [];
        sent = { ...rest, fileIds: [...fileIds, ...files.fileIds] };
      }
      countAttempt(this.db, entry.id);
      const input = { ...sent, idempotencyKey: current.idempotencyKey };
      try {
        const result = (await client.mutation(current.procedure, input)) as Record<string, unknown>;
        if (!this.db.open) return "offline";
        this.complete(current, result);
        if (uploadIds.length > 0) forgetUploadResults(this.db, uploadIds);
      } catch (error) {
        if (!this.db.open) return "offline";
        const outcome = this.fail(current, error);
        if (outcome) return outcome;
        if (this.get(entry.id)?.state === "failed") blockedAll.add(record);
        else blockedEdits.add(record);
      }
    }
    return "done";
  }

  private complete(entry: OutboxEntry, result: Record<string, unknown>): void {
    const row = (result?.job ?? result?.customer ?? null) as {
      id?: number;
      version?: number;
    } | null;
    const photo = (result?.photo ?? null) as { id?: number; version?: number } | null;
    const txid = typeof result?.txid === "string" ? result.txid : null;
    if (entry.entityKey.startsWith("new:")) {
      const job = result?.job as { jobNumber?: unknown } | undefined;
      const key = typeof job?.jobNumber === "string" ? job.jobNumber : row?.id;
      if (key !== undefined) this.created.set(entry.entityKey, String(key));
    }
    this.db.transaction(() => {
      deleteOutboxEntry(this.db, entry.id);
      // The record's new version, durably: later queued writes of it build on this one.
      if (typeof row?.version === "number") this.rebase(entry, row.version);
      const confirmed = row ?? photo;
      confirmOverlay(this.db, entry.id, {
        txid,
        id: typeof confirmed?.id === "number" ? confirmed.id : null,
        version: typeof confirmed?.version === "number" ? confirmed.version : null,
      });
    })();
  }

  /** Later queued writes of the same record carrying an older version now carry `version`. */
  private rebase(after: OutboxEntry, version: number): void {
    for (const later of this.list()) {
      if (later.id <= after.id) continue;
      if (later.entity !== after.entity || later.entityKey !== after.entityKey) continue;
      const sent = "version" in later.input ? later.input.version : undefined;
      if (typeof sent === "number" && sent < version) {
        setOutboxInput(this.db, later.id, { ...later.input, version });
      }
    }
  }

  /** Returns an outcome that stops the push, or null to continue with other records. */
  private fail(entry: OutboxEntry, error: unknown): PushOutcome | null {
    const data =
      error instanceof TRPCClientError
        ? (error.data as { code?: string; conflict?: ConflictInfo | null } | undefined)
        : undefined;
    const code = data?.code ?? null;
    const message = error instanceof Error ? error.message : String(error);
    if (
      code === null ||
      code === "INTERNAL_SERVER_ERROR" ||
      code === "TOO_MANY_REQUESTS" ||
      code === "SERVICE_UNAVAILABLE" ||
      code === "TIMEOUT"
    ) {
      // Unreachable, cut mid-flight, or a server hiccup: keep it and retry later (same key).
      markOutboxEntry(this.db, entry.id, message);
      return "offline";
    }
    if (code === "UNAUTHORIZED") {
      markOutboxEntry(this.db, entry.id, message);
      return "unauthorized";
    }
    if (code === "CONFLICT" && isEdit(entry) && data?.conflict) {
      const conflict: ConflictInfo = {
        message,
        currentVersion: data.conflict.currentVersion ?? null,
        fields: data.conflict.fields ?? [],
      };
      markOutboxEntry(this.db, entry.id, message, { state: "conflict", conflict });
      return null;
    }
    markOutboxEntry(this.db, entry.id, message, { state: "failed" });
    return null;
  }

  /**
   * One decision for every queued edit of a record that conflicts: "mine" sends my values on
   * top of what the server holds now; "theirs" drops my changes to the conflicting fields (an
   * edit left with nothing to send is discarded with its overlay).
   */
  resolve(entity: string, entityKey: string, choice: "mine" | "theirs"): void {
    this.db.transaction(() => {
      const entries = this.list()
        .filter(isEdit)
        .filter((e) => e.entity === entity && e.entityKey === entityKey);
      const conflicts = entries.filter((e) => e.state === "conflict");
      const fields = new Map<string, ConflictField>();
      let version: number | null = null;
      for (const e of conflicts) {
        for (const f of e.conflict?.fields ?? []) fields.set(f.field, f);
        version = Math.max(version ?? 0, e.conflict?.currentVersion ?? 0) || null;
      }
      for (const e of entries) {
        if (e.state === "failed") continue;
        const patch: Record<string, unknown> = { ...e.input.patch };
        const base: Record<string, unknown> = { ...e.input.base };
        for (const [field, f] of fields) {
          if (!(field in patch)) continue;
          if (choice === "mine") {
            // Only the first edit of the field started from the value now overwritten.
            if (JSON.stringify(base[field] ?? null) === JSON.stringify(f.base ?? null)) {
              base[field] = f.theirs;
            }
          } else {
            delete patch[field];
            delete base[field];
          }
        }
        if (Object.keys(patch).length === 0) {
          deleteOutboxEntry(this.db, e.id);
          dropOverlay(this.db, e.id);
          continue;
        }
        if (choice === "theirs") setOverlayPatch(this.db, e.id, entity, patch);
        const input: Record<string, unknown> = { ...e.input, patch, base };
        if (version !== null) input.version = version;
        requeueOutboxEntry(this.db, e.id, input);
      }
    })();
  }

  /** Give up on a failed write: drop it and its overlay. */
  discard(id: number): void {
    this.db.transaction(() => {
      deleteOutboxEntry(this.db, id);
      dropOverlay(this.db, id);
    })();
  }
}
