import type { Db } from "@traveler/db";
import { type RawBuilder, sql } from "kysely";
import { formatSnapshot, parseSnapshot } from "../schemas/snapshot.ts";
import {
  SYNC_COLUMNS,
  SYNC_TABLES,
  type SyncColumn,
  type SyncColumns,
  type SyncTable,
} from "../schemas/sync-tables.ts";
import {
  decodeCursor,
  encodeCursor,
  MAX_SNAPSHOT_CHARS,
  nextSnapshot,
  type SyncCursor,
  type SyncPosition,
} from "./cursor.ts";

export type {
  SyncColumns,
  SyncCustomer,
  SyncJob,
  SyncJobPhoto,
  SyncRows,
  SyncShopSettings,
  SyncStaffUser,
  SyncStatusHistory,
  SyncTable,
} from "../schemas/sync-tables.ts";
export { rowsFromColumns, SYNC_TABLES } from "../schemas/sync-tables.ts";

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
  /** Each table's changed rows as field names + value arrays (rowsFromColumns makes objects). */
  tables: SyncColumns;
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
  /**
   * Bootstrap only (first page, `cursor: null`): how many rows the whole bootstrap delivers (the
   * pages share one snapshot, so this is exact), for an honest progress bar.
   */
  total?: number;
  /**
   * Bootstrap only, first page, when asked for lanes: cursors of the other chains of pages to
   * pull alongside this one (see pull).
   */
  lanes?: string[];
}

export const DEFAULT_PULL_LIMIT = 2_000;
export const MAX_PULL_LIMIT = 10_000;

export interface Window {
  /** null: bootstrap (no lower bound). */
  since: string | null;
  upto: string;
  afterTxid: string | null;
  afterId: number | null;
  /** A lane's last row in this table (inclusive); absent: no upper bound. */
  untilTxid?: string | null;
  untilId?: number | null;
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
  if (w.untilTxid != null) {
    parts.push(sql`(${txid}, ${col("id")}) <= (${w.untilTxid}::xid8, ${w.untilId}::bigint)`);
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
      // xid8 exceeds 2^53: it travels as text. Timestamps are written as ISO text by
      // PostgreSQL itself (the same text as Date#toISOString, without a Date per value).
      if (spec.kind === "xid8") return sql`${value}::text as ${sql.ref(field)}`;
      if (spec.kind === "timestamp") {
        return sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${sql.ref(field)}`;
      }
      return sql`${value} as ${sql.ref(field)}`;
    }),
  );
}

/** A row as the wire carries it (see SyncKind): values in field order. */
function toWire(table: SyncTable, row: Record<string, unknown>): unknown[] {
  const fields = FIELDS[table];
  const out = new Array<unknown>(fields.length);
  for (let i = 0; i < fields.length; i++) out[i] = row[fields[i]!];
  return out;
}

const COLUMNS = Object.fromEntries(SYNC_TABLES.map((t) => [t, columnsOf(t)])) as Record<
  SyncTable,
  [string, SyncColumn][]
>;
const FIELDS = Object.fromEntries(
  SYNC_TABLES.map((t) => [t, COLUMNS[t].map(([field]) => field)]),
) as Record<SyncTable, string[]>;

/** One page of `table` in `w`, in (txid, id) order. */
export function pageQuery(table: SyncTable, w: Window, limit: number) {
  // Order by the columns themselves (the select list's `txid` is its text form): the (txid, id)
  // index serves the order and the page position, and xid8 order is numeric, never textual.
  return sql<Record<string, unknown>>`
    select ${selectList(table)} from ${sql.table(table)}
    where ${windowCondition(w, table)}
    order by ${sql.ref(`${table}.txid`)}, ${sql.ref(`${table}.id`)}
    limit ${limit}`;
}

/**
 * Settings of a pull's transaction. Every page is read in (txid, id) order from a keyset
 * position, which the (txid, id) index serves directly. The planner underestimates how many rows
 * pass pg_visible_in_snapshot (it assumes a third), so for later pages of a big table it chose a
 * sequential scan and sorted every remaining row, full width and spilling to disk: 230 ms
 * instead of 30 ms for a page of 10,000 jobs. No pull query needs a sort of its own: every
 * synced table has the index (pull-plan.test.ts). A sort the planner cannot avoid would be
 * costed in billions and start JIT compilation (200 ms for shop_settings' one row before it had
 * the index); pulls are short index scans that never want JIT.
 */
export async function preparePullTransaction(trx: Db): Promise<void> {
  await sql`select set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`.execute(
    trx,
  );
}

async function readTable(db: Db, table: SyncTable, w: Window, limit: number): Promise<unknown[][]> {
  const { rows } = await pageQuery(table, w, limit).execute(db);
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

/** Rows of each synced table visible in the caller's snapshot (what a bootstrap delivers). */
async function countEach(db: Db): Promise<number[]> {
  const { rows } = await sql<{ n: string[] }>`
    select array[${sql.join(
      SYNC_TABLES.map((t) => sql`(select count(*) from ${sql.table(t)})`),
    )}]::text[] as n`.execute(db);
  return (rows[0]?.n ?? []).map(Number);
}

/** Rough cost of a table's row for splitting work: its field count (jobs weigh most). */
const WEIGHT = Object.fromEntries(SYNC_TABLES.map((t) => [t, columnsOf(t).length])) as Record<
  SyncTable,
  number
>;

/**
 * Where a bootstrap splits into `lanes` chains of pages of about equal weight: for each split,
 * the last row of the lane before it (null txid: the split falls at a table's start), and how
 * many rows come before the split.
 */
async function splitPositions(
  db: Db,
  upto: string,
  counts: number[],
  lanes: number,
): Promise<{ position: SyncPosition; rowsBefore: number }[]> {
  const weights = SYNC_TABLES.map((t, i) => (counts[i] ?? 0) * WEIGHT[t]);
  const total = weights.reduce((a, b) => a + b, 0);
  const splits: { position: SyncPosition; rowsBefore: number }[] = [];
  const rowsUpTo = (table: number) => counts.slice(0, table).reduce((a, b) => a + b, 0);
  for (let k = 1; k < lanes; k++) {
    let target = (total * k) / lanes;
    let table = 0;
    while (table < SYNC_TABLES.length - 1 && target >= weights[table]!) {
      target -= weights[table]!;
      table += 1;
    }
    const name = SYNC_TABLES[table] as SyncTable;
    const offset = Math.floor(target / WEIGHT[name]);
    if (offset === 0) {
      splits.push({ position: { table, txid: null, id: null }, rowsBefore: rowsUpTo(table) });
      continue;
    }
    const { rows } = await sql<{ txid: string; id: number }>`
      select ${sql.ref(`${name}.txid`)}::text as txid, ${sql.ref(`${name}.id`)} as id
      from ${sql.table(name)}
      where ${windowCondition({ since: null, upto, afterTxid: null, afterId: null }, name)}
      order by ${sql.ref(`${name}.txid`)}, ${sql.ref(`${name}.id`)}
      offset ${offset - 1} limit 1`.execute(db);
    const row = rows[0];
    splits.push(
      row
        ? {
            position: { table, txid: row.txid, id: Number(row.id) },
            rowsBefore: rowsUpTo(table) + offset,
          }
        : { position: { table: table + 1, txid: null, id: null }, rowsBefore: rowsUpTo(table + 1) },
    );
  }
  return splits;
}

export function emptyTables(): SyncColumns {
  return Object.fromEntries(
    SYNC_TABLES.map((t) => [t, { fields: FIELDS[t], values: [] }]),
  ) as unknown as SyncColumns;
}

/** The id and txid positions of a table's wire rows (the page position). */
const ID_AT = Object.fromEntries(SYNC_TABLES.map((t) => [t, FIELDS[t].indexOf("id")])) as Record<
  SyncTable,
  number
>;
const TXID_AT = Object.fromEntries(
  SYNC_TABLES.map((t) => [t, FIELDS[t].indexOf("txid")]),
) as Record<SyncTable, number>;

/** Bootstraps smaller than this many pages are not split into lanes. */
const MIN_PAGES_FOR_LANES = 4;
export const MAX_LANES = 4;

/**
 * One page of changes after `cursor` (null = bootstrap from the beginning), at most `limit` rows.
 * Throws InvalidCursorError for a malformed cursor. `maxSnapshotChars` is the cursor's snapshot
 * budget (tests lower it to exercise a long in-progress list).
 *
 * `lanes` (bootstrap only): the caller can pull that many chains of pages at once. A bootstrap
 * of at least MIN_PAGES_FOR_LANES pages is then cut into chains of about equal weight, all in
 * the same snapshot: this page and the pages after it form the first (its cursors carry where
 * it ends), and `lanes` holds a cursor for each other. Each chain ends with the window's final
 * cursor; together they deliver every row once. Pulled one after another, a client that
 * applies pages while the next ones travel keeps the server and itself busy at once.
 */
export async function pull(
  db: Db,
  cursor: string | null,
  limit: number = DEFAULT_PULL_LIMIT,
  options: { maxSnapshotChars?: number; lanes?: number } = {},
): Promise<PullResult> {
  const max = Math.max(1, Math.min(MAX_PULL_LIMIT, Math.floor(limit)));
  const start: SyncCursor | null = cursor === null ? null : decodeCursor(cursor);
  const wantLanes = Math.max(1, Math.min(MAX_LANES, Math.floor(options.lanes ?? 1)));

  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      await preparePullTransaction(trx);
      const since = start?.since ?? null;
      const upto =
        start?.page?.upto ?? (await currentSnapshot(trx, since, options.maxSnapshotChars));
      const counts = start === null ? await countEach(trx) : undefined;
      const total = counts?.reduce((a, b) => a + b, 0);
      let end = start?.page?.end;
      let lanes: string[] | undefined;
      if (counts && total !== undefined && wantLanes > 1 && total >= MIN_PAGES_FOR_LANES * max) {
        const found = await splitPositions(trx, upto, counts, wantLanes);
        // This page's chain must go past this page (its last page waits for the others).
        if (found[0]!.rowsBefore > max) {
          const splits = found.map((f) => f.position);
          end = splits[0];
          lanes = splits.map((split, k) => {
            // A lane starts after the row the lane before it ends with (a cursor's position is
            // exclusive, an end inclusive), or at its table's start.
            const next = splits[k + 1];
            return encodeCursor({
              since: "1:1:",
              page: { upto, ...split, ...(next ? { end: next } : {}) },
            });
          });
        }
      }
      const atEnd = (table: number) =>
        end !== undefined && (table > end.table || (table === end.table && end.txid === null));
      const tables = emptyTables();
      let remaining = max;
      let count = 0;
      let tableIndex = start?.page?.table ?? 0;
      let afterTxid = start?.page?.txid ?? null;
      let afterId = start?.page?.id ?? null;
      const extra = {
        ...(total === undefined ? {} : { total }),
        ...(lanes ? { lanes } : {}),
      };
      const more = (page: NonNullable<SyncCursor["page"]>): PullResult => ({
        tables,
        count,
        ...extra,
        hasMore: true,
        // Bootstrap pages carry a "nothing yet" lower bound: the same window, every row.
        cursor: encodeCursor({ since: since ?? "1:1:", page: end ? { ...page, end } : page }),
        watermark: since ? parseSnapshot(since)!.xmin.toString() : "1",
        snapshot: since ?? "1:1:",
      });

      while (tableIndex < SYNC_TABLES.length && !atEnd(tableIndex)) {
        if (remaining === 0) {
          // Page full at a table boundary: continue with this table next time.
          return more({ upto, table: tableIndex, txid: null, id: null });
        }
        const table = SYNC_TABLES[tableIndex] as SyncTable;
        const until =
          end !== undefined && end.table === tableIndex
            ? { untilTxid: end.txid, untilId: end.id }
            : {};
        const got = await readTable(
          trx,
          table,
          { since, upto, afterTxid, afterId, ...until },
          remaining + 1,
        );
        const taken = got.slice(0, remaining);
        tables[table].values.push(...taken);
        count += taken.length;
        remaining -= taken.length;
        if (got.length > taken.length) {
          const last = taken[taken.length - 1]!;
          return more({
            upto,
            table: tableIndex,
            txid: last[TXID_AT[table]] as string,
            id: last[ID_AT[table]] as number,
          });
        }
        tableIndex += 1;
        afterTxid = null;
        afterId = null;
      }
      return {
        tables,
        count,
        ...extra,
        hasMore: false,
        cursor: encodeCursor({ since: upto }),
        watermark: parseSnapshot(upto)!.xmin.toString(),
        snapshot: upto,
      };
    });
}
