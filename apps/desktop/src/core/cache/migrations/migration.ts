import type Database from "better-sqlite3";

/** One step of the cache schema (see index.ts for the order). */
export interface CacheMigration {
  name: string;
  up(db: Database.Database): void;
}
