import { randomUUID } from "node:crypto";
import type { CacheDb } from "./database.ts";

/** Sync state: small named values (cursor, snapshot, session, counters) in `sync_state`. */

export function getState(db: CacheDb, key: string): string | null {
  const row = db.prepare("select value from sync_state where key = ?").get(key) as
    | { value: string | null }
    | undefined;
  return row?.value ?? null;
}

export function setState(db: CacheDb, key: string, value: string | null): void {
  db.prepare(
    "insert into sync_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value",
  ).run(key, value);
}

/** This installation's id, the prefix of every idempotency key. */
export function clientId(db: CacheDb): string {
  let id = getState(db, "client_id");
  if (!id) {
    id = randomUUID();
    setState(db, "client_id", id);
  }
  return id;
}

/** The change feed cursor the pulls have reached (null before the first bootstrap page). */
export function cursor(db: CacheDb): string | null {
  return getState(db, "cursor");
}
