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

/** A stale-version write: what the user sent and what the server holds now, field by field. */
export interface ConflictInfo {
  message: string;
  fields: { field: string; mine: unknown; theirs: unknown }[];
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

/**
 * Queued writes (ARCHITECTURE §4): stored in SQLite with an idempotency key (client id +
 * increasing mutation id), shown at once through overlays, pushed in order when online. The
 * server stores the key with the effect, so a retry after a lost response applies nothing twice.
 */
export class Outbox {
  /** Version bumps the server confirmed this session: "entity:key" -> [sent, now]. */
  private rebase = new Map<string, { from: number; to: number }>();

  constructor(
    private readonly store: LocalStore,
    /** Looks up the server's current values of the entity a write conflicts on. */
    private readonly currentRow: (
      entity: string,
      input: Record<string, unknown>,
    ) => Promise<Record<string, unknown> | null>,
  ) {}

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
    return rows.map((r) => ({
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
    }));
  }

  pendingCount(): number {
    return this.store.db.prepare("select count(*) from outbox").pluck().get() as number;
  }

  /** Pushes pending entries in order until done, offline, or signed out. */
  async push(client: UntypedApiClient): Promise<PushOutcome> {
    const blocked = new Set<string>();
    for (const entry of this.list()) {
      const entityId = `${entry.entity}:${entry.entityKey}`;
      if (entry.state !== "pending" || blocked.has(entityId)) {
        // A later write to the same thing waits behind a conflict or failure.
        blocked.add(entityId);
        continue;
      }
      this.store.db.prepare("update outbox set attempts = attempts + 1 where id = ?").run(entry.id);
      const input: Record<string, unknown> = {
        ...entry.input,
        idempotencyKey: entry.idempotencyKey,
      };
      if (typeof input.version === "number") {
        const rebased = this.rebase.get(entityId);
        if (rebased && rebased.from === input.version) input.version = rebased.to;
      }
      try {
        const result = (await client.mutation(entry.procedure, input)) as Record<string, unknown>;
        if (!this.store.db.open) return "offline";
        this.complete(entry, input, result);
      } catch (error) {
        if (!this.store.db.open) return "offline";
        const outcome = await this.fail(entry, input, error);
        if (outcome) return outcome;
        blocked.add(entityId);
      }
    }
    return "done";
  }

  private complete(
    entry: OutboxEntry,
    input: Record<string, unknown>,
    result: Record<string, unknown>,
  ): void {
    const row = (result?.job ?? result?.customer ?? result?.photo ?? null) as {
      id?: number;
      version?: number;
      jobNumber?: string;
    } | null;
    const txid = typeof result?.txid === "string" ? result.txid : null;
    if (typeof input.version === "number" && typeof row?.version === "number") {
      this.rebase.set(`${entry.entity}:${entry.entityKey}`, {
        from: input.version,
        to: row.version,
      });
    }
    this.store.db.transaction(() => {
      this.store.db.prepare("delete from outbox where id = ?").run(entry.id);
      this.store.confirmOverlay(entry.id, {
        txid,
        id: typeof row?.id === "number" ? row.id : null,
        version: typeof row?.version === "number" ? row.version : null,
      });
    })();
  }

  /** Returns an outcome that stops the push, or null to continue with other entities. */
  private async fail(
    entry: OutboxEntry,
    input: Record<string, unknown>,
    error: unknown,
  ): Promise<PushOutcome | null> {
    const code =
      error instanceof TRPCClientError
        ? ((error.data as { code?: string } | undefined)?.code ?? null)
        : null;
    const message = error instanceof Error ? error.message : String(error);
    if (code === null || code === "INTERNAL_SERVER_ERROR" || code === "TOO_MANY_REQUESTS") {
      // Unreachable, cut mid-flight, or a server hiccup: keep it and retry later (same key).
      this.store.db.prepare("update outbox set last_error = ? where id = ?").run(message, entry.id);
      return "offline";
    }
    if (code === "UNAUTHORIZED") {
      this.store.db.prepare("update outbox set last_error = ? where id = ?").run(message, entry.id);
      return "unauthorized";
    }
    if (code === "CONFLICT" && typeof input.version === "number") {
      const conflict = await this.describeConflict(entry, input, message);
      this.store.db
        .prepare("update outbox set state = 'conflict', last_error = ?, conflict = ? where id = ?")
        .run(message, JSON.stringify(conflict), entry.id);
      return null;
    }
    this.store.db
      .prepare("update outbox set state = 'failed', last_error = ? where id = ?")
      .run(message, entry.id);
    return null;
  }

  private async describeConflict(
    entry: OutboxEntry,
    input: Record<string, unknown>,
    message: string,
  ): Promise<ConflictInfo> {
    const patch = (input.patch ?? {}) as Record<string, unknown>;
    const current = await this.currentRow(entry.entity, input).catch(() => null);
    return {
      message,
      currentVersion: typeof current?.version === "number" ? current.version : null,
      fields: Object.keys(patch).map((field) => ({
        field,
        mine: patch[field],
        theirs: current ? current[field] : undefined,
      })),
    };
  }

  /** Keep mine: resend on top of the server's current version. */
  keepMine(id: number, currentVersion: number): void {
    const entry = this.list().find((e) => e.id === id);
    if (!entry) return;
    const input = { ...entry.input, version: currentVersion };
    this.store.db
      .prepare(
        "update outbox set state = 'pending', input = ?, conflict = null, last_error = null where id = ?",
      )
      .run(JSON.stringify(input), id);
  }

  /** Take theirs (or give up on a failed write): drop the write and its overlay. */
  discard(id: number): void {
    this.store.db.transaction(() => {
      this.store.db.prepare("delete from outbox where id = ?").run(id);
      this.store.dropOverlay(id);
    })();
  }
}
