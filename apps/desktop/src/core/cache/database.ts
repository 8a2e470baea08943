import Database from "better-sqlite3";
import { migrateCache } from "./migrations/index.ts";

/**
 * The console's local cache (ARCHITECTURE §4): one better-sqlite3 database in WAL mode holding
 * the mirror tables of the synced server tables, the FTS5 job index, sync state, the outbox and
 * the overlays. Every cache module is plain functions that take this database.
 */
export type CacheDb = Database.Database;

/** Opens (creating if needed) and migrates the cache file. */
export function openCache(file: string): CacheDb {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = OFF");
  migrateCache(db);
  return db;
}
