import {
  SYNC_COLUMNS,
  SYNC_TABLES,
  type SyncTable,
  type SyncTableColumns,
} from "@traveler/api/schemas";
import type Database from "better-sqlite3";
import type { PullPage } from "../sync-rows.ts";

/**
 * Applying pulled rows to the mirror tables (ARCHITECTURE §4), table-driven: the page names its
 * fields once (the server's SYNC_COLUMNS order) and each mirror column is the field's snake_case
 * name, so one statement per table comes from the same list the server reads. Idempotent: a row
 * never replaces a newer version, so duplicate or out-of-order deliveries are harmless.
 *
 * shop_settings is one row kept whole as JSON (the console reads it as a whole).
 */

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** SQLite binds numbers, strings and null: booleans become 0/1, lists JSON text. */
function bindable(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value;
}

interface Upsert {
  statement: Database.Statement;
  /** The bind values of one wire row (the fields this mirror has columns for, made bindable). */
  bind: (row: unknown[]) => unknown[];
}

const statements = new WeakMap<Database.Database, Map<string, Upsert>>();

/**
 * The upsert for a table and the page's field list. Fields this cache has no column for (a newer
 * server's) are left out, so an older console keeps syncing what it knows.
 */
function upsert(db: Database.Database, table: SyncTable, fields: string[]): Upsert {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  const key = `${table}|${fields.join(",")}`;
  let found = cache.get(key);
  if (!found) {
    const known = new Set(
      (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name),
    );
    const take = fields.flatMap((f, i) => (known.has(snake(f)) ? [i] : []));
    // Only bool and json fields need converting (SYNC_COLUMNS says which): the rest bind as is.
    const kinds = SYNC_COLUMNS[table] as Record<string, { kind: string }>;
    const convert = take.map((i) => {
      const kind = kinds[fields[i]!]?.kind;
      return kind === "bool" || kind === "json" ? bindable : null;
    });
    const bind = (row: unknown[]) => {
      const out = new Array<unknown>(take.length);
      for (let k = 0; k < take.length; k++) {
        const value = row[take[k]!];
        const f = convert[k];
        out[k] = f ? f(value) : value;
      }
      return out;
    };
    const columns = take.map((i) => snake(fields[i]!));
    const statement = db.prepare(
      `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})
       on conflict (id) do update set ${columns
         .filter((c) => c !== "id")
         .map((c) => `${c} = excluded.${c}`)
         .join(", ")}
       where excluded.version >= ${table}.version`,
    );
    found = { statement, bind };
    cache.set(key, found);
  }
  return found;
}

/** A wire row's value by field name (for the few fields apply itself needs). */
export function field(columns: SyncTableColumns, row: unknown[], name: string): unknown {
  return row[columns.fields.indexOf(name)];
}

export interface AppliedRows {
  /** Jobs whose stored row changed (version moved or new). */
  jobs: unknown[][];
  /** Customers whose name or company changed (their jobs' search entries must follow). */
  renamedCustomers: number[];
}

/** Upserts every row of a page; returns what the search index must follow. */
export function applyTables(
  db: Database.Database,
  tables: PullPage["tables"],
  options: { bootstrap: boolean },
): AppliedRows {
  const applied: AppliedRows = { jobs: [], renamedCustomers: [] };
  const shop = tables.shop_settings;
  if (shop.values.length > 0) {
    const put = db.prepare(`
      insert into shop_settings (id, body, version, txid) values (?, ?, ?, ?)
      on conflict (id) do update set body = excluded.body, version = excluded.version,
        txid = excluded.txid
      where excluded.version >= shop_settings.version`);
    for (const row of shop.values) {
      const body = Object.fromEntries(shop.fields.map((f, i) => [f, row[i]]));
      put.run(body.id, JSON.stringify(body), body.version, body.txid);
    }
  }
  const nameOf = db
    .prepare("select name || ' ' || coalesce(company, '') from customers where id = ?")
    .pluck();
  for (const table of SYNC_TABLES) {
    if (table === "shop_settings") continue;
    const columns = tables[table];
    if (columns.values.length === 0) continue;
    const { statement, bind } = upsert(db, table, columns.fields);
    const idAt = columns.fields.indexOf("id");
    const label = (row: unknown[]) =>
      `${row[columns.fields.indexOf("name")]} ${row[columns.fields.indexOf("company")] ?? ""}`;
    for (const row of columns.values) {
      const before =
        table === "customers" && !options.bootstrap
          ? (nameOf.get(row[idAt]) as string | undefined)
          : undefined;
      const changed = statement.run(bind(row)).changes > 0;
      if (table === "jobs" && changed) applied.jobs.push(row);
      if (before !== undefined && before !== label(row)) {
        applied.renamedCustomers.push(row[idAt] as number);
      }
    }
  }
  return applied;
}

/** Every mirror table (what resetMirror empties). */
export const MIRROR_TABLES = [...SYNC_TABLES, "jobs_fts"] as const;
