import { ORPHAN_GRACE_MS, PgFileStorage, sweepOrphanFiles } from "@traveler/api/server";
import type { Db } from "@traveler/db";
import type { Logger } from "pino";

const HOUR = 60 * 60 * 1000;

/**
 * Removes stored bytes nothing will ever read, at start and hourly: uploads that never completed
 * (the process stopped mid-upload) older than a day, and completed uploads that no row records
 * (a crash or a cut database connection between storing and recording) an hour after completion.
 * Recorded files are never touched here.
 */
export function startUploadSweeper(db: Db, log: Logger): { stop(): void } {
  const storage = new PgFileStorage(db);
  const sweep = async () => {
    try {
      const incomplete = await storage.sweepIncomplete(new Date(Date.now() - 24 * HOUR));
      const orphaned = await sweepOrphanFiles(db, new Date(Date.now() - ORPHAN_GRACE_MS));
      if (incomplete + orphaned > 0) log.info({ incomplete, orphaned }, "removed unused uploads");
    } catch (error) {
      log.warn({ err: error }, "sweeping unused uploads failed");
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
