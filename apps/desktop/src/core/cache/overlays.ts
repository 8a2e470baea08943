import { txidVisibleInSnapshot } from "@traveler/api/schemas";
import type { CacheDb } from "./database.ts";
import { getState } from "./sync-state.ts";

/** An optimistic change not yet confirmed by a pull: merged over the mirror at read time. */
export interface OverlayRow {
  mutationId: number;
  entity: "job" | "customer" | "history";
  entityKey: string;
  patch: Record<string, unknown>;
}

export function addOverlay(db: CacheDb, overlay: OverlayRow): void {
  db.prepare(
    "insert into overlays (mutation_id, entity, entity_key, patch, created_at) values (?, ?, ?, ?, ?)",
  ).run(
    overlay.mutationId,
    overlay.entity,
    overlay.entityKey,
    JSON.stringify(overlay.patch),
    new Date().toISOString(),
  );
}

/** The server applied the write: keep the overlay until a pull has delivered its effect. */
export function confirmOverlay(
  db: CacheDb,
  mutationId: number,
  result: { txid: string | null; id: number | null; version: number | null },
): void {
  db.prepare(
    "update overlays set pushed = 1, result_txid = ?, result_id = ?, result_version = ? where mutation_id = ?",
  ).run(result.txid, result.id, result.version, mutationId);
  const snapshot = getState(db, "snapshot");
  if (snapshot) dropConfirmedOverlays(db, snapshot);
}

/** Replaces what a queued write shows for one entity (after a conflict decision). */
export function setOverlayPatch(
  db: CacheDb,
  mutationId: number,
  entity: string,
  patch: Record<string, unknown>,
): void {
  db.prepare("update overlays set patch = ? where mutation_id = ? and entity = ?").run(
    JSON.stringify(patch),
    mutationId,
    entity,
  );
}

export function dropOverlay(db: CacheDb, mutationId: number): void {
  db.prepare("delete from overlays where mutation_id = ?").run(mutationId);
}

/**
 * Drops overlays whose write the mirror now holds: the write's txid is visible in the snapshot
 * the pulls have completed, or (no txid returned) the mirror row reached the returned version.
 */
export function dropConfirmedOverlays(db: CacheDb, snapshot: string): void {
  const rows = db
    .prepare(
      "select mutation_id, entity, result_txid, result_id, result_version from overlays where pushed = 1",
    )
    .all() as {
    mutation_id: number;
    entity: string;
    result_txid: string | null;
    result_id: number | null;
    result_version: number | null;
  }[];
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.mutation_id)) continue;
    seen.add(row.mutation_id);
    let done = row.result_txid !== null && txidVisibleInSnapshot(snapshot, row.result_txid);
    if (!done && row.result_id !== null && row.result_version !== null) {
      const table = row.entity === "customer" ? "customers" : "jobs";
      const mirror = db.prepare(`select version from ${table} where id = ?`).get(row.result_id) as
        | { version: number }
        | undefined;
      done = mirror !== undefined && mirror.version >= row.result_version;
    }
    if (done) dropOverlay(db, row.mutation_id);
  }
}

/** The overlays of one kind of entity, in mutation order. */
export function listOverlays(db: CacheDb, entity: OverlayRow["entity"]): OverlayRow[] {
  const rows = db
    .prepare(
      "select mutation_id, entity, entity_key, patch from overlays where entity = ? order by mutation_id, id",
    )
    .all(entity) as { mutation_id: number; entity: string; entity_key: string; patch: string }[];
  return rows.map((r) => ({
    mutationId: r.mutation_id,
    entity: r.entity as OverlayRow["entity"],
    entityKey: r.entity_key,
    patch: JSON.parse(r.patch) as Record<string, unknown>,
  }));
}

/** Overlay patches per key, merged in mutation order. */
export function mergedOverlays(
  db: CacheDb,
  entity: OverlayRow["entity"],
): Map<string, Record<string, unknown>> {
  const merged = new Map<string, Record<string, unknown>>();
  for (const o of listOverlays(db, entity)) {
    merged.set(o.entityKey, { ...(merged.get(o.entityKey) ?? {}), ...o.patch });
  }
  return merged;
}
