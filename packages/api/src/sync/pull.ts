import type { Db } from "@traveler/db";
import { type RawBuilder, sql } from "kysely";
import { formatSnapshot, parseSnapshot } from "../schemas/snapshot.ts";
import {
  SYNC_COLUMNS,
  SYNC_TABLES,
  type SyncColumn,
  type SyncRows,
  type SyncTable,
} from "../schemas/sync-tables.ts";
import {
  decodeCursor,
  encodeCursor,
  MAX_SNAPSHOT_CHARS,
  nextSnapshot,
  type SyncCursor,
} from "./cursor.ts";

export type {
  SyncCustomer,
  SyncJob,
  SyncJobPhoto,
  SyncRows,
  SyncShopSettings,
  SyncStaffUser,
  SyncStatusHistory,
  SyncTable,
} from "../schemas/sync-tables.ts";
export { SYNC_TABLES } from "../schemas/sync-tables.ts";

/**
 * The sync pull (ARCHITECTURE §4). A cursor is a snapshot `since`; a pull takes the current
 * snapshot `upto` and returns the rows whose txid is visible in `upto` and was not visible in
 * `since`. A transaction that committed after `since` is delivered at once even while an older
 * one is still open; the older one is in `since`'s in-progress list (or at/above its xmax), so its
 * rows arrive with the first pull after it commits. No write can later appear with a txid visible
 * in `upto` that this window did not return.
 *
 * Every page is read in one REPEATABLE READ READ ONLY transaction. A fresh pull fixes `upto` from
 * that transaction's snapshot (so the rows it reads are exactly those `upto` sees); later pages of
 * the same window reuse it and continue after the last (txid, id) delivered, table by table.
 * `cursor: null` is the bootstrap: every row of every table, read in one snapshot.
 */

export interface PullResult {
  rows: SyncRows;
  /** Pass back on the next pull. */
  cursor: string;
  /** More rows of the current window remain: pull again at once. */
  hasMore: boolean;
  /** Every change with a txid below this (decimal xid8) has now been delivered. */
  watermark: string;
  /**
   * Every change whose txid is visible in this snapshot (`xmin:xmax:xip,...`) has now been
   * delivered (see txidVisibleInSnapshot in @traveler/api/schemas).
   */
  snapshot: string;
  /** Rows in this page. */
  count: number;
}

export const DEFAULT_PULL_LIMIT = 2_000;
export const MAX_PULL_LIMIT = 10_000;

interface Window {
  /** null: bootstrap (no lower bound). */
  since: string | null;
  upto: string;
  afterTxid: string | null;
  afterId: number | null;
}

/** The rows of `window` (in (txid, id) order) — the one condition every reader uses. */
export function windowCondition(w: Window, alias?: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  const txid = col("txid");
  const parts: RawBuilder<unknown>[] = [];
  if (w.since !== null) {
    const xmin = parseSnapshot(w.since)!.xmin.toString();
    parts.push(sql`${txid} >= ${xmin}::xid8`);
    parts.push(sql`not pg_visible_in_snapshot(${txid}, ${w.since}::pg_snapshot)`);
  }
  parts.push(sql`pg_visible_in_snapshot(${txid}, ${w.upto}::pg_snapshot)`);
  if (w.afterTxid !== null) {
    parts.push(sql`(${txid}, ${col("id")}) > (${w.afterTxid}::xid8, ${w.afterId}::bigint)`);
  }
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

function columnsOf(table: SyncTable): [string, SyncColumn][] {
  return Object.entries(SYNC_COLUMNS[table] as Record<string, SyncColumn>);
}

function selectList(table: SyncTable): RawBuilder<unknown> {
  return sql.join(
    columnsOf(table).map(([field, spec]) => {
      const value = "column" in spec ? sql.ref(spec.column) : sql.raw(spec.expression);
      // xid8 exceeds 2^53: it travels as text.
      return sql`${value}${spec.kind === "xid8" ? sql`::text` : sql``} as ${sql.ref(field)}`;
    }),
  );
}

/** Row values as they travel (see SyncKind): timestamps become ISO strings. */
function toWire(table: SyncTable, row: Record<string, unknown>): Record<string, unknown> {
  for (const [field, spec] of columnsOf(table)) {
    const value = row[field];
    if (spec.kind === "timestamp" && value instanceof Date) row[field] = value.toISOString();
  }
  return row;
}

async function readTable(
  db: Db,
  table: SyncTable,
  w: Window,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select ${selectList(table)} from ${sql.table(table)}
    where ${windowCondition(w)}
    order by txid, id
    limit ${limit}`.execute(db);
  return rows.map((row) => toWire(table, row));
}

/**
 * The snapshot of the caller's transaction as the cursor after `since` may hold it: cut to
 * `maxChars` in the cursor's compact form when its in-progress list is very long, never behind
 * `since` (see nextSnapshot).
 */
export async function currentSnapshot(
  db: Db,
  since: string | null = null,
  maxChars: number = MAX_SNAPSHOT_CHARS,
): Promise<string> {
  const result = await sql<{
    snapshot: string;
  }>`select pg_current_snapshot()::text as snapshot`.execute(db);
  const text = result.rows[0]?.snapshot;
  const parsed = text ? parseSnapshot(text) : null;
  if (!parsed) throw new Error(`pg_current_snapshot() gave an unreadable snapshot: ${text}`);
  return formatSnapshot(
    nextSnapshot(since === null ? null : parseSnapshot(since), parsed, maxChars),
  );
}

export function emptyRows(): SyncRows {
  return {
    staff_users: [],
    customers: [],
    jobs: [],
    job_status_history: [],
    job_photos: [],
    shop_settings: [],
  };
}

/**
 * One page of changes after `cursor` (null = bootstrap from the beginning), at most `limit` rows.
 * Throws InvalidCursorError for a malformed cursor. `maxSnapshotChars` is the cursor's snapshot
 * budget (tests lower it to exercise a long in-progress list).
 */
export async function pull(
  db: Db,
  cursor: string | null,
  limit: number = DEFAULT_PULL_LIMIT,
  options: { maxSnapshotChars?: number } = {},
): Promise<PullResult> {
  const max = Math.max(1, Math.min(MAX_PULL_LIMIT, Math.floor(limit)));
  const start: SyncCursor | null = cursor === null ? null : decodeCursor(cursor);

  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      const since = start?.since ?? null;
      const upto =
        start?.page?.upto ?? (await currentSnapshot(trx, since, options.maxSnapshotChars));
      const rows = emptyRows();
      let remaining = max;
      let count = 0;
      let tableIndex = start?.page?.table ?? 0;
      let afterTxid = start?.page?.txid ?? null;
      let afterId = start?.page?.id ?? null;
      const more = (page: NonNullable<SyncCursor["page"]>): PullResult => ({
        rows,
        count,
        hasMore: true,
        // Bootstrap pages carry a "nothing yet" lower bound: the same window, every row.
        cursor: encodeCursor({ since: since ?? "1:1:", page }),
        watermark: since ? parseSnapshot(since)!.xmin.toString() : "1",
        snapshot: since ?? "1:1:",
      });

      while (tableIndex < SYNC_TABLES.length) {
        if (remaining === 0) {
          // Page full at a table boundary: continue with this table next time.
          return more({ upto, table: tableIndex, txid: null, id: null });
        }
        const table = SYNC_TABLES[tableIndex] as SyncTable;
        const got = await readTable(trx, table, { since, upto, afterTxid, afterId }, remaining + 1);
        const taken = got.slice(0, remaining);
        (rows[table] as unknown[]).push(...taken);
        count += taken.length;
        remaining -= taken.length;
        if (got.length > taken.length) {
          const last = taken[taken.length - 1] as { txid: string; id: number };
          return more({ upto, table: tableIndex, txid: last.txid, id: last.id });
        }
        tableIndex += 1;
        afterTxid = null;
        afterId = null;
      }
      return {
        rows,
        count,
        hasMore: false,
        cursor: encodeCursor({ since: upto }),
        watermark: parseSnapshot(upto)!.xmin.toString(),
        snapshot: upto,
      };
    });
}
