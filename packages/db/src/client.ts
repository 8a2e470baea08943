import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * Type parsers for this pool only (never the global pg registry): bigint ids fit a JS number
 * (identity columns stay far below 2^53); `date` stays a 'YYYY-MM-DD' string so no time zone
 * shifts a promised day; xid8 keeps pg's default string form.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept a union format.
    return pg.types.getTypeParser(oid, format as any);
  },
};

export interface CreateDbOptions {
  connectionString: string;
  /** Pool size; the default suits one server process on a small machine. */
  max?: number;
  /** Ends transactions left idle so they cannot hold back the sync watermark (ARCHITECTURE §4). */
  idleInTransactionTimeoutMs?: number;
  applicationName?: string;
  /** Told about connections that broke (logged by servers); the process always survives. */
  onConnectionError?: (error: Error) => void;
}

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDb(options: CreateDbOptions): DbHandle {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    application_name: options.applicationName ?? "traveler",
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
  });
  // A connection that breaks (server restart, pg_terminate_backend) must never crash the
  // process: idle clients report through the pool, and every client gets its own listener for
  // while it is checked out (pg emits 'error' on it when the backend goes away between queries).
  // The query in flight fails on its own; callers turn that into a 503.
  const onError = options.onConnectionError ?? (() => {});
  pool.on("error", onError);
  pool.on("connect", (client) => {
    client.on("error", onError);
    // A backend terminated during a query (pg_terminate_backend, a fast shutdown) sends a FATAL
    // error that pg hands to that query alone: the client stays "queryable" until its socket
    // closes, Kysely releases it without an error, and the pool would give the dead connection
    // to the next query (which then fails too, e.g. the cleanup after a failed upload). Ending
    // it here, before the failed query's caller runs, makes the pool drop it on release.
    (client as unknown as pg.Client).connection.on("errorMessage", (message: unknown) => {
      if ((message as { severity?: string }).severity === "FATAL") {
        client.end().catch(() => {});
      }
    });
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    // Kysely's destroy ends the pool too.
    close: () => db.destroy(),
  };
}
