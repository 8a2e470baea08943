import { TRPCClientError } from "@trpc/client";
import type { UntypedApiClient } from "./api-client.ts";
import type { LocalStore, OverlayRow } from "./cache/local-store.ts";

export interface OutboxEntry {
  id: number;
  idempotencyKey: string;
  procedure: string;
  input: Record<string, unknown>;
  entity: string;
  entityKey: string;
  label: string;
  state: "pending" | "conflict" | "failed";
  attempts: number;
  lastError: string | null;
  conflict: ConflictInfo | null;
  createdAt: string;
}

/** One field this console and someone else both changed (from the server's `data.conflict`). */
export interface ConflictField {
  field: string;
  /** What people read, e.g. "Internal shop notes". */
  label: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

/** An edit the server refused because the same fields changed on both sides. */
export interface ConflictInfo {
  message: string;
  fields: ConflictField[];
  currentVersion: number | null;
}

export interface EnqueueInput {
  procedure: string;
  input: Record<string, unknown>;
  entity: string;
  entityKey: string;
  label: string;
  overlays?: Omit<OverlayRow, "mutationId">[];
}

export type PushOutcome = "done" | "offline" | "unauthorized";

interface OutboxRow {
  id: number;
  idempotency_key: string;
  procedure: string;
  input: string;
  entity: string;
  entity_key: string;
  label: string;
  state: OutboxEntry["state"];
  attempts: number;
  last_error: string | null;
  conflict: string | null;
  created_at: string;
}

/** Edits carry a patch (and the base values it started from) and can conflict per field. */
export function isEdit(entry: Pick<OutboxEntry, "procedure">): boolean {
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

  constructor(private readonly store: LocalStore) {}

  /**
   * The server's key of a record queued as `new:<id>` (a job's number, a customer's id) once its
   * create was pushed, so a screen showing the queued record can follow it; null until then.
   */
  createdKey(key: string): string | null {
    return this.created.get(key) ?? null;
  }

  enqueue(entry: EnqueueInput): number {
    const db = this.store.db;
    return db.transaction(() => {
      // Mutation ids never repeat, even after the outbox empties: a persistent counter.
      const last = Math.max(
        Number(this.store.getState("mutation_seq") ?? 0),
        db.prepare("select coalesce(max(id), 0) from outbox").pluck().get() as number,
      );
      const seq = last + 1;
      this.store.setState("mutation_seq", String(seq));
      const key = `${this.store.clientId()}:${seq}`;
      const entityKey = entry.entityKey === "new" ? `new:${seq}` : entry.entityKey;
      db.prepare(
        `insert into outbox (id, idempotency_key, procedure, input, entity, entity_key, label, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        seq,
        key,
        entry.procedure,
        JSON.stringify(entry.input),
        entry.entity,
        entityKey,
        entry.label,
        new Date().toISOString(),
      );
      for (const overlay of entry.overlays ?? []) {
        this.store.addOverlay({
          ...overlay,
          entityKey: overlay.entityKey === "new" ? `new:${seq}` : overlay.entityKey,
          mutationId: seq,
        });
      }
      return seq;
    })();
  }

  list(): OutboxEntry[] {
    const rows = this.store.db
      .prepare(
        `select id, idempotency_key, procedure, input, entity, entity_key, label, state, attempts,
           last_error, conflict, created_at from outbox order by id`,
      )
      .all() as OutboxRow[];
    return rows.map(toEntry);
  }

  get(id: number): OutboxEntry | null {
    const row = this.store.db
      .prepare(
        `select id, idempotency_key, procedure, input, entity, entity_key, label, state, attempts,
           last_error, conflict, created_at from outbox where id = ?`,
      )
      .get(id) as OutboxRow | undefined;
    return row ? toEntry(row) : null;
  }

  pendingCount(): number {
    return this.store.db.prepare("select count(*) from outbox").pluck().get() as number;
  }

  /** Pushes pending entries in order until done, offline, or signed out. */
  async push(client: UntypedApiClient): Promise<PushOutcome> {
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
      this.store.db.prepare("update outbox set attempts = attempts + 1 where id = ?").run(entry.id);
      const input = { ...current.input, idempotencyKey: current.idempotencyKey };
      try {
        const result = (await client.mutation(current.procedure, input)) as Record<string, unknown>;
        if (!this.store.db.open) return "offline";
        this.complete(current, result);
      } catch (error) {
        if (!this.store.db.open) return "offline";
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
    this.store.db.transaction(() => {
      this.store.db.prepare("delete from outbox where id = ?").run(entry.id);
      // The record's new version, durably: later queued writes of it build on this one.
      if (typeof row?.version === "number") this.rebase(entry, row.version);
      const confirmed = row ?? photo;
      this.store.confirmOverlay(entry.id, {
        txid,
        id: typeof confirmed?.id === "number" ? confirmed.id : null,
        version: typeof confirmed?.version === "number" ? confirmed.version : null,
      });
    })();
  }

  /** Later queued writes of the same record carrying an older version now carry `version`. */
  private rebase(after: OutboxEntry, version: number): void {
    const update = this.store.db.prepare("update outbox set input = ? where id = ?");
    for (const later of this.list()) {
      if (later.id <= after.id) continue;
      if (later.entity !== after.entity || later.entityKey !== after.entityKey) continue;
      const sent = later.input.version;
      if (typeof sent === "number" && sent < version) {
        update.run(JSON.stringify({ ...later.input, version }), later.id);
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
    const db = this.store.db;
    if (
      code === null ||
      code === "INTERNAL_SERVER_ERROR" ||
      code === "TOO_MANY_REQUESTS" ||
      code === "SERVICE_UNAVAILABLE" ||
      code === "TIMEOUT"
    ) {
      // Unreachable, cut mid-flight, or a server hiccup: keep it and retry later (same key).
      db.prepare("update outbox set last_error = ? where id = ?").run(message, entry.id);
      return "offline";
    }
    if (code === "UNAUTHORIZED") {
      db.prepare("update outbox set last_error = ? where id = ?").run(message, entry.id);
      return "unauthorized";
    }
    if (code === "CONFLICT" && isEdit(entry) && data?.conflict) {
      const conflict: ConflictInfo = {
        message,
        currentVersion: data.conflict.currentVersion ?? null,
        fields: data.conflict.fields ?? [],
      };
      db.prepare(
        "update outbox set state = 'conflict', last_error = ?, conflict = ? where id = ?",
      ).run(message, JSON.stringify(conflict), entry.id);
      return null;
    }
    db.prepare("update outbox set state = 'failed', last_error = ? where id = ?").run(
      message,
      entry.id,
    );
    return null;
  }

  /**
   * One decision for every queued edit of a record that conflicts: "mine" sends my values on
   * top of what the server holds now; "theirs" drops my changes to the conflicting fields (an
   * edit left with nothing to send is discarded with its overlay).
   */
  resolve(entity: string, entityKey: string, choice: "mine" | "theirs"): void {
    const db = this.store.db;
    db.transaction(() => {
      const entries = this.list().filter(
        (e) => e.entity === entity && e.entityKey === entityKey && isEdit(e),
      );
      const conflicts = entries.filter((e) => e.state === "conflict");
      const fields = new Map<string, ConflictField>();
      let version: number | null = null;
      for (const e of conflicts) {
        for (const f of e.conflict?.fields ?? []) fields.set(f.field, f);
        version = Math.max(version ?? 0, e.conflict?.currentVersion ?? 0) || null;
      }
      const update = db.prepare(
        "update outbox set input = ?, state = 'pending', conflict = null, last_error = null where id = ?",
      );
      for (const e of entries) {
        if (e.state === "failed") continue;
        const patch = { ...((e.input.patch ?? {}) as Record<string, unknown>) };
        const base = { ...((e.input.base ?? {}) as Record<string, unknown>) };
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
          db.prepare("delete from outbox where id = ?").run(e.id);
          this.store.dropOverlay(e.id);
          continue;
        }
        if (choice === "theirs") this.store.setOverlayPatch(e.id, entity, patch);
        const input: Record<string, unknown> = { ...e.input, patch, base };
        if (version !== null) input.version = version;
        update.run(JSON.stringify(input), e.id);
      }
    })();
  }

  /** Give up on a failed write: drop it and its overlay. */
  discard(id: number): void {
    this.store.db.transaction(() => {
      this.store.db.prepare("delete from outbox where id = ?").run(id);
      this.store.dropOverlay(id);
    })();
  }
}

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    procedure: r.procedure,
    input: JSON.parse(r.input) as Record<string, unknown>,
    entity: r.entity,
    entityKey: r.entity_key,
    label: r.label,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    conflict: r.conflict ? (JSON.parse(r.conflict) as ConflictInfo) : null,
    createdAt: r.created_at,
  };
}
