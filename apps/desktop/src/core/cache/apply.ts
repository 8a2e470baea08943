import type { PullPage } from "../sync-rows.ts";
import { forgetCounts } from "./board.ts";
import type { CacheDb } from "./database.ts";
import { applyTables, field, MIRROR_TABLES } from "./mirror.ts";
import { dropConfirmedOverlays } from "./overlays.ts";
import { deferSearchIndex, reindexCustomerJobs, reindexJobs } from "./search.ts";
import { setState } from "./sync-state.ts";

/**
 * One pulled page and its cursor in one SQLite transaction. Idempotent: a row never replaces
 * a newer version, so duplicate or out-of-order deliveries are harmless.
 */
export function applyPull(
  db: CacheDb,
  page: PullPage,
  at: string,
  options: { bootstrap?: boolean } = {},
): void {
  forgetCounts(db);
  db.transaction(() => {
    // A bootstrap fills an empty cache: rows go in without per-row checks or search indexing
    // (built once afterwards); later pages keep the index current row by row.
    const bootstrap = options.bootstrap === true;
    if (bootstrap) setState(db, "bootstrapping", "1");
    const applied = applyTables(db, page.tables, { bootstrap });
    const jobs = page.tables.jobs;
    if (bootstrap) {
      // The search index is built after the bootstrap, in chunks (buildSearchIndex).
      deferSearchIndex(db);
    } else {
      reindexJobs(
        db,
        applied.jobs.map((row) => field(jobs, row, "id") as number),
      );
      for (const customerId of applied.renamedCustomers) reindexCustomerJobs(db, customerId);
    }
    setState(db, "cursor", page.cursor);
    setState(db, "watermark", page.watermark);
    setState(db, "snapshot", page.snapshot);
    setState(db, "last_pull_at", at);
    dropConfirmedOverlays(db, page.snapshot);
  })();
}

/** The bootstrap's last page is in: from now on pulls are incremental. */
export function finishBootstrap(db: CacheDb): void {
  setState(db, "bootstrapping", null);
}

/** Forgets every synced row and the cursor (another server or another user). */
export function resetMirror(db: CacheDb): void {
  forgetCounts(db);
  db.transaction(() => {
    for (const table of MIRROR_TABLES) db.exec(`delete from ${table}`);
    setState(db, "cursor", null);
    setState(db, "snapshot", null);
    setState(db, "bootstrapping", null);
  })();
}
