import type { QueuedWrite } from "../procedures.ts";
import type { CacheDb } from "./database.ts";
import { addOverlay, type OverlayRow } from "./overlays.ts";
import { clientId, getState, setState } from "./sync-state.ts";

/**
 * The outbox table: queued writes in mutation order, each with its idempotency key (client id +
 * increasing mutation id). What to do with them (push, rebase, conflicts) is ../outbox.ts.
 */

/** A queued write (its procedure and typed input) with its place in the queue. */
export type OutboxEntry = QueuedWrite & OutboxMeta;

interface OutboxMeta {
  id: number;
  idempotencyKey: string;
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

/** A write to queue: what it sends, which record it changes, and what it shows meanwhile. */
export type EnqueueInput = QueuedWrite & {
  entity: string;
  entityKey: string;
  label: string;
  overlays?: Omit<OverlayRow, "mutationId">[];
};

interface OutboxRow {
  id: number;
  idempotency_key: string;
  procedure: string;
  input: string;
  entity: string;
  entity_key: string;
  label: string;
  state: OutboxMeta["state"];
  attempts: number;
  last_error: string | null;
  conflict: string | null;
  created_at: string;
}

const COLUMNS = `id, idempotency_key, procedure, input, entity, entity_key, label, state, attempts,
  last_error, conflict, created_at`;

/** Stores a write and what it shows meanwhile; returns its mutation id. */
export function queueWrite(db: CacheDb, entry: EnqueueInput): number {
  return db.transaction(() => {
    // Mutation ids never repeat, even after the outbox empties: a persistent counter.
    const last = Math.max(
      Number(getState(db, "mutation_seq") ?? 0),
      db.prepare("select coalesce(max(id), 0) from outbox").pluck().get() as number,
    );
    const seq = last + 1;
    setState(db, "mutation_seq", String(seq));
    const key = `${clientId(db)}:${seq}`;
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
      addOverlay(db, {
        ...overlay,
        entityKey: overlay.entityKey === "new" ? `new:${seq}` : overlay.entityKey,
        mutationId: seq,
      });
    }
    return seq;
  })();
}

export function listOutbox(db: CacheDb): OutboxEntry[] {
  const rows = db.prepare(`select ${COLUMNS} from outbox order by id`).all() as OutboxRow[];
  return rows.map(toEntry);
}

export function getOutboxEntry(db: CacheDb, id: number): OutboxEntry | null {
  const row = db.prepare(`select ${COLUMNS} from outbox where id = ?`).get(id) as
    | OutboxRow
    | undefined;
  return row ? toEntry(row) : null;
}

export function outboxCount(db: CacheDb): number {
  return db.prepare("select count(*) from outbox").pluck().get() as number;
}

export function countAttempt(db: CacheDb, id: number): void {
  db.prepare("update outbox set attempts = attempts + 1 where id = ?").run(id);
}

export function deleteOutboxEntry(db: CacheDb, id: number): void {
  db.prepare("delete from outbox where id = ?").run(id);
}

export function setOutboxInput(db: CacheDb, id: number, input: object): void {
  db.prepare("update outbox set input = ? where id = ?").run(JSON.stringify(input), id);
}

/** Records a failed attempt; with a state, the entry stops (conflict) or is refused (failed). */
export function markOutboxEntry(
  db: CacheDb,
  id: number,
  lastError: string,
  stop?: { state: "conflict"; conflict: ConflictInfo } | { state: "failed" },
): void {
  if (!stop) {
    db.prepare("update outbox set last_error = ? where id = ?").run(lastError, id);
    return;
  }
  db.prepare("update outbox set state = ?, last_error = ?, conflict = ? where id = ?").run(
    stop.state,
    lastError,
    stop.state === "conflict" ? JSON.stringify(stop.conflict) : null,
    id,
  );
}

/** A decided conflict: the entry goes again with this input. */
export function requeueOutboxEntry(db: CacheDb, id: number, input: object): void {
  db.prepare(
    "update outbox set input = ?, state = 'pending', conflict = null, last_error = null where id = ?",
  ).run(JSON.stringify(input), id);
}

/** Forgets every queued write and what it showed (another server, another person, data removed). */
export function clearOutbox(db: CacheDb): void {
  db.exec("delete from outbox; delete from overlays;");
}

/** A stored row; its procedure and input are as queueWrite stored them (a QueuedWrite). */
function toEntry(r: OutboxRow): OutboxEntry {
  const write = { procedure: r.procedure, input: JSON.parse(r.input) } as QueuedWrite;
  return {
    ...write,
    id: r.id,
    idempotencyKey: r.idempotency_key,
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
