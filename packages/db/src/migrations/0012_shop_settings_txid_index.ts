import { type Kysely, sql } from "kysely";

/**
 * Every synced table is read in (txid, id) order (the sync pull); shop_settings, one row, was the
 * only one without that index. A pull forbids sorts (see the API's preparePullTransaction), so
 * without it the planner costed this one-row read in billions and started JIT compilation:
 * 200 ms added to every incremental pull.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index shop_settings_txid_idx on shop_settings (txid, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
