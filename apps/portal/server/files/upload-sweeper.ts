import { PgFileStorage } from "@traveler/api/server";
import type { Db } from "@traveler/db";
import type { Logger } from "pino";

const HOUR = 60 * 60 * 1000;

/**
 * Removes the bytes of uploads that never completed (the process stopped mid-upload): at start
 * and hourly, those older than a day. Completed files are never touched here.
 */
export function startUploadSweeper(db: Db, log: Logger): { stop(): void } {
  const storage = new PgFileStorage(db);
  const sweep = () =>
    storage
      .sweepIncomplete(new Date(Date.now() - 24 * HOUR))
      .then((n) => {
        if (n > 0) log.info({ removed: n }, "removed incomplete uploads");
      })
      .catch((error: unknown) => log.warn({ err: error }, "sweeping incomplete uploads failed"));
  void sweep();
  const timer = setInterval(() => void sweep(), HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
