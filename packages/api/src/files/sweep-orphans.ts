import type { Db } from "@traveler/db/client";
import { sql } from "kysely";

/** How long stored bytes may wait for their record before the sweep treats them as orphaned. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes the bytes of completed uploads that nothing records: the process stopped (or its
 * database connection was cut) between storing a file and writing the row that uses it. Every
 * record of stored bytes names them by storage key in `job_files` (which proofs and message
 * attachments point at) or in `quote_request_files`; a blob named by neither, completed before
 * `olderThan`, goes with its chunks. Soft-deleted job_files rows still count as references.
 *
 * Safe beside uploads in progress: an upload's blob is incomplete until its last chunk is stored
 * (those are `PgFileStorage.sweepIncomplete`'s), and the grace is measured from completion, so
 * the row written right after it is never raced. A quote request turned into a job moves its
 * keys from one table to the other in one transaction, so one of them always names the bytes.
 * Idempotent; returns how many files were removed.
 */
export async function sweepOrphanFiles(db: Db, olderThan: Date): Promise<number> {
  const result = await db
    .deleteFrom("file_blobs as b")
    .where("b.completed_at", "<", olderThan)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("job_files as f")
            .select(sql`1`.as("one"))
            .whereRef("f.storage_key", "=", "b.key"),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("quote_request_files as q")
            .select(sql`1`.as("one"))
            .whereRef("q.storage_key", "=", "b.key"),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
