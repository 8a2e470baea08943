import type { Db } from "@traveler/db";
import { sql } from "kysely";
import { SYNC_TABLES } from "../schemas/sync-tables.ts";
import { encodeCursor } from "./cursor.ts";
import { currentSnapshot, windowCondition } from "./pull.ts";

/** What changed in one window: enough for listeners to decide what to refresh. */
export interface ChangeBatch {
  /** The sync cursor after this batch (same format as `pull`'s). */
  cursor: string;
  /** Jobs whose row, status history, photos or messages changed. */
  jobs: { id: number; customerId: number; jobNumber: string }[];
  /** Customers whose own row or quote requests changed. */
  customers: number[];
  /** Synced tables with at least one change. */
  tables: string[];
}

/**
 * The same window as `pull` (rows visible in the current snapshot and not in `since`), reduced
 * to ids. Returns the new snapshot and the batch (null when nothing changed in the window).
 */
export async function pullChangeSummary(
  db: Db,
  since: string,
): Promise<{ snapshot: string; batch: ChangeBatch | null }> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      const upto = await currentSnapshot(trx, since);
      if (upto === since) return { snapshot: upto, batch: null };
      const w = { since, upto, afterTxid: null, afterId: null };
      const tables = await sql<{ table_name: string }>`
        select t.table_name from (values ${sql.join(
          SYNC_TABLES.map(
            (table) =>
              sql`(${table}, exists (select 1 from ${sql.table(table)} where ${windowCondition(w)}))`,
          ),
        )}) as t(table_name, changed)
        where t.changed`.execute(trx);
      const changed = tables.rows.map((r) => r.table_name);
      if (changed.length === 0) return { snapshot: upto, batch: null };

      const jobs = await sql<{ id: number; customer_id: number; job_number: string }>`
        select j.id, j.customer_id, j.job_number from jobs j
        where j.id in (
          select id from jobs where ${windowCondition(w)}
          union select job_id from job_status_history where ${windowCondition(w)}
          union select job_id from job_photos where ${windowCondition(w)}
          union select job_id from job_messages where ${windowCondition(w)}
          union select job_id from job_files where ${windowCondition(w)}
        )
        order by j.id`.execute(trx);
      const customers = await sql<{ id: number }>`
        select id from customers where ${windowCondition(w)}
        union select customer_id from quote_requests where ${windowCondition(w)}
        order by id`.execute(trx);
      return {
        snapshot: upto,
        batch: {
          cursor: encodeCursor({ since: upto }),
          jobs: jobs.rows.map((r) => ({
            id: Number(r.id),
            customerId: Number(r.customer_id),
            jobNumber: r.job_number,
          })),
          customers: customers.rows.map((r) => Number(r.id)),
          tables: changed,
        },
      };
    });
}
