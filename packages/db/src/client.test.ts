import { sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { useTestDatabase } from "./testing/index.ts";

const database = useTestDatabase();

describe("the connection pool", () => {
  it("does not hand out a connection whose backend was terminated during a query", async () => {
    // One connection, so the query after the cut would get the same one back.
    const handle = createDb({ connectionString: database().connectionString, max: 1 });
    const locker = new pg.Client({ connectionString: database().connectionString });
    await locker.connect();
    try {
      await sql`create table cut_test (id int)`.execute(handle.db);
      await locker.query("begin");
      await locker.query("lock table cut_test in share mode");
      const waiting = sql`insert into cut_test values (1)`.execute(handle.db);
      const failed = expect(waiting).rejects.toThrow(/terminating connection/);
      await expect
        .poll(
          async () =>
            (
              await locker.query(
                `select count(*)::int as n from pg_stat_activity
                  where datname = current_database() and wait_event_type = 'Lock'`,
              )
            ).rows[0].n,
        )
        .toBe(1);
      await locker.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      await failed;
      await locker.query("rollback");
      // The very next query works (on a new connection).
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from cut_test`.execute(
        handle.db,
      );
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await locker.end();
      await handle.close();
    }
  });
});
