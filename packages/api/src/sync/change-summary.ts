import type { Db } from "@traveler/db";
import { sql } from "kysely";
import { encodeCursor } from "./cursor.ts";

/** What changed in one watermark window: enough for listeners to decide what to refresh. */
export interface ChangeBatch {
  /** The sync cursor after this batch (same format as `pull`'s). */
  cursor: string;
  /** Jobs whose row, status history or photos changed. */
  jobs: { id: number; customerId: number; jobNumber: string }[];
  /** Customers whose own row changed. */
  customers: number[];
  /** Synced tables with at least one change. */
  tables: string[];
}

/**
 * The same watermark pull as `pull` (window [since, xmin of the current snapshot)), reduced to
 * ids. Returns the new watermark and the batch (null when nothing changed in the window).
 */
export async function pullChangeSummary(
  db: Db,
  since: string,
): Promise<{ upto: string; batch: ChangeBatch | null; settled: boolean }> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      const snap = await sql<{ xmin: string; xmax: string }>`
        select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
               pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(trx);
      const upto = snap.rows[0]!.xmin;
      // Settled: no transaction was in progress, so nothing committed later can land below xmax.
      const settled = snap.rows[0]!.xmin === snap.rows[0]!.xmax;
      if (BigInt(upto) <= BigInt(since)) return { upto: since, batch: null, settled };
      const tables = await sql<{ table_name: string }>`
        select t.table_name from (values
          ('shop_settings', exists (select 1 from shop_settings where txid >= ${since}::xid8 and txid < ${upto}::xid8)),
          ('staff_users', exists (select 1 from staff_users where txid >= ${since}::xid8 and txid < ${upto}::xid8)),
          ('customers', exists (select 1 from customers where txid >= ${since}::xid8 and txid < ${upto}::xid8)),
          ('jobs', exists (select 1 from jobs where txid >= ${since}::xid8 and txid < ${upto}::xid8)),
          ('job_status_history', exists (select 1 from job_status_history where txid >= ${since}::xid8 and txid < ${upto}::xid8)),
          ('job_photos', exists (select 1 from job_photos where txid >= ${since}::xid8 and txid < ${upto}::xid8))
        ) as t(table_name, changed)
        where t.changed`.execute(trx);
      const changed = tables.rows.map((r) => r.table_name);
      if (changed.length === 0) return { upto, batch: null, settled };

      const jobs = await sql<{ id: number; customer_id: number; job_number: string }>`
        select j.id, j.customer_id, j.job_number from jobs j
        where j.id in (
          select id from jobs where txid >= ${since}::xid8 and txid < ${upto}::xid8
          union select job_id from job_status_history where txid >= ${since}::xid8 and txid < ${upto}::xid8
          union select job_id from job_photos where txid >= ${since}::xid8 and txid < ${upto}::xid8
        )
        order by j.id`.execute(trx);
      const customers = await sql<{ id: number }>`
        select id from customers where txid >= ${since}::xid8 and txid < ${upto}::xid8 order by id
      `.execute(trx);
      return {
        upto,
        settled,
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
