import type { PullPage } from "../sync-rows.ts";
import { forgetCounts } from "./board.ts";
import type { CacheDb } from "./database.ts";
import { applyTables, field, MIRROR_TABLES } from "./mirror.ts";
import { dropConfirmedOverlays } from "./overlays.ts";
import { deferSearchIndex, reindexCustomerJobs, reindexJobs } from "./search.ts";
import { getState, setState } from "./sync-state.ts";

/** The bootstrap's other chains of pages (see applyPull). */
const LANES_KEY = "bootstrap_lanes";

/**
 * One pulled page and its cursor in one SQLite transaction. Idempotent: a row never replaces
 * a newer version, so duplicate or out-of-order deliveries are harmless.
 *
 * A bootstrap may come as several chains of pages (lanes, see the server's pull): the first
 * chain's pages move the cursor as any page does, and its first page records the other chains'
 * cursors (`lanes`); a page of another chain (`lane`: its index) moves only that chain's cursor,
 * so an interrupted bootstrap resumes every chain where it stopped.
 */
export function applyPull(
  db: CacheDb,
  page: PullPage,
  at: string,
  options: { bootstrap?: boolean; lane?: number; lanes?: string[] } = {},
): void {
  forgetCounts(db);
  db.transaction(() => {
    // A bootstrap fills an empty cache: rows go in without per-row checks or search indexing
    // (built once afterwards); later pages keep the index current row by row.
    const bootstrap = options.bootstrap === true || options.lane !== undefined;
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
    if (options.lane !== undefined) {
      const lanes = bootstrapLanes(db);
      lanes[options.lane] = page.hasMore ? page.cursor : null;
      setState(db, LANES_KEY, JSON.stringify(lanes));
      return;
    }
    if (options.lanes) setState(db, LANES_KEY, JSON.stringify(options.lanes));
    setState(db, "cursor", page.cursor);
    setState(db, "watermark", page.watermark);
    setState(db, "snapshot", page.snapshot);
    setState(db, "last_pull_at", at);
    dropConfirmedOverlays(db, page.snapshot);
  })();
}

/** The bootstrap's other chains: each one's next cursor, null once it has ended. */
export function bootstrapLanes(db: CacheDb): (string | null)[] {
  const text = getState(db, LANES_KEY);
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.map((c) => (typeof c === "string" && c.length > 0 ? c : null))
      : [];
  } catch {
    return [];
  }
}

/** The bootstrap's last page is in: from now on pulls are incremental. */
export function finishBootstrap(db: CacheDb): void {
  db.transaction(() => {
    setState(db, "bootstrapping", null);
    setState(db, LANES_KEY, null);
  })();
}

/** Forgets every synced row and the cursor (another server or another user). */
export function resetMirror(db: CacheDb): void {
  forgetCounts(db);
  db.transaction(() => {
    for (const table of MIRROR_TABLES) db.exec(`delete from ${table}`);
    setState(db, "cursor", null);
    setState(db, "snapshot", null);
    setState(db, "bootstrapping", null);
    setState(db, LANES_KEY, null);
  })();
}
