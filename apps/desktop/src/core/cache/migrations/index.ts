import type Database from "better-sqlite3";
import { initialSchema } from "./0001-initial-schema.ts";
import { jobListOrderIndex } from "./0002-job-list-order-index.ts";
import { jobListDueIndex } from "./0003-job-list-due-index.ts";
import { shopFloor } from "./0004-shop-floor.ts";
import { jobFiles } from "./0005-job-files.ts";
import { proofs } from "./0006-proofs.ts";
import { messagesQuotes } from "./0007-messages-quotes.ts";
import { attachments } from "./0008-attachments.ts";
import type { CacheMigration } from "./migration.ts";

export type { CacheMigration } from "./migration.ts";

/** In order; the cache's PRAGMA user_version is the number of migrations applied. */
export const CACHE_MIGRATIONS: readonly CacheMigration[] = [
  initialSchema,
  jobListOrderIndex,
  jobListDueIndex,
  shopFloor,
  jobFiles,
  proofs,
  messagesQuotes,
  attachments,
];

/** Applies pending migrations, each in its own transaction with its user_version bump. */
export function migrateCache(db: Database.Database): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > CACHE_MIGRATIONS.length) {
    throw new Error(
      `The local cache is from a newer Traveler (version ${current}); update the app or delete the cache.`,
    );
  }
  for (let v = current; v < CACHE_MIGRATIONS.length; v++) {
    const migration = CACHE_MIGRATIONS[v] as CacheMigration;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return CACHE_MIGRATIONS.length;
}
