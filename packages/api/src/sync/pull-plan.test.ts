import { type Db, generateBulkData } from "@traveler/db";
import { useTestDatabase } from "@traveler/db/testing";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { SYNC_TABLES, type SyncTable } from "../schemas/sync-tables.ts";
import { pageQuery, preparePullTransaction, type Window } from "./pull.ts";

const getDb = useTestDatabase();

/** Runs `fn` in a transaction set up as a pull's, with the current snapshot. */
function inPull<T>(fn: (trx: Db, now: string) => Promise<T>): Promise<T> {
  return getDb()
    .db.transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      await preparePullTransaction(trx);
      const { rows } = await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(
        trx,
      );
      return fn(trx, rows[0]!.s);
    });
}

/** PostgreSQL's plan for one page of `table` in `w`. */
async function planOf(trx: Db, table: SyncTable, w: Window, limit: number): Promise<string> {
  const query = pageQuery(table, w, limit).compile(trx);
  const plan = await trx.executeQuery<{ "QUERY PLAN": string }>({
    ...query,
    sql: `explain ${query.sql}`,
  });
  return plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
}

/**
 * A pull page is a keyset range of the (txid, id) index. Without the pull's settings PostgreSQL
 * 15 plans these very pages (10,000 jobs, ~45,000 history rows) as a sequential scan and a sort
 * of every remaining row, which at 100,000 jobs took a page of jobs from 30 ms to 230 ms.
 */
it("reads later pages of big tables through the (txid, id) index, never a sort", async () => {
  const { db } = getDb();
  await generateBulkData(db, { customers: 50, jobs: 10_000 });
  await sql`analyze`.execute(db);
  const plans = await inPull(async (trx, upto) => {
    const out: string[] = [];
    for (const [table, limit] of [
      ["jobs", 2_001],
      ["job_status_history", 10_001],
    ] as const) {
      const at = await sql<{ txid: string; id: number }>`
        select txid::text as txid, id from ${sql.table(table)}
        order by txid, id offset 1000 limit 1`.execute(trx);
      const w = { since: null, upto, afterTxid: at.rows[0]!.txid, afterId: at.rows[0]!.id };
      out.push(await planOf(trx, table, w, limit));
    }
    return out;
  });
  for (const plan of plans) {
    expect(plan).toMatch(/Index Scan using \w+_txid_idx/);
    expect(plan).not.toMatch(/Sort/);
  }
});

it("every synced table is read through its (txid, id) index, in a bootstrap and after one", async () => {
  const plans = await inPull(async (trx, now) => {
    const out: [string, string][] = [];
    for (const table of SYNC_TABLES) {
      for (const since of [null, now]) {
        const w = { since, upto: now, afterTxid: null, afterId: null };
        out.push([table, await planOf(trx, table, w, 10_001)]);
      }
    }
    return out;
  });
  for (const [table, plan] of plans) {
    expect(plan, table).toMatch(new RegExp(`Index (Only )?Scan using ${table}_txid_idx`));
    expect(plan, table).not.toMatch(/Sort/);
  }
});
