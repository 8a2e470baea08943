import { randomBytes } from "node:crypto";
import pg from "pg";
import { dropDatabase, quoteIdent, urlForDatabase, withAdminClient } from "./admin.ts";

/**
 * Opens a WRITE transaction in a scratch database of the test server and keeps it open until the
 * returned function is called. Every test run does this (vitest and Playwright global setups), so
 * the suite proves what production needs: nothing depends on an idle PostgreSQL server (xids are
 * server-wide; another application's long transaction must not stall sync or live pages).
 */
export async function holdWriteTransaction(label: string): Promise<() => Promise<void>> {
  const name = `traveler_hold_${label}_${process.pid}_${randomBytes(3).toString("hex")}`;
  await withAdminClient((client) => client.query(`create database ${quoteIdent(name)}`));
  const client = new pg.Client({ connectionString: urlForDatabase(name) });
  await client.connect();
  client.on("error", () => {});
  await client.query("set idle_in_transaction_session_timeout = 0");
  await client.query("create table held (id int primary key, at timestamptz default now())");
  await client.query("begin");
  await client.query("insert into held (id) values (1)");
  // The transaction now has an xid and stays open: it sits in every snapshot's in-progress list.
  return async () => {
    await client.query("rollback").catch(() => {});
    await client.end().catch(() => {});
    await withAdminClient((admin) => dropDatabase(admin, name));
  };
}
