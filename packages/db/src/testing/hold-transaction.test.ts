import { describe, expect, it } from "vitest";
import { withAdminClient } from "./admin.ts";

describe("the test run", () => {
  it("holds a write transaction open in another database of the server (no test may need an idle server)", async () => {
    // The global setup runs in vitest's main process: this worker's parent (forks) or itself.
    const runs = [process.ppid, process.pid].map((pid) => `traveler_hold_vitest_${pid}_%`);
    const { rows } = await withAdminClient((client) =>
      client.query<{ datname: string; state: string; xid: string | null }>(
        `select datname, state, backend_xid::text as xid from pg_stat_activity
         where datname like $1 or datname like $2`,
        runs,
      ),
    );
    expect(rows).toEqual([
      {
        datname: expect.stringMatching(/^traveler_hold_vitest_/),
        state: "idle in transaction",
        xid: expect.stringMatching(/^\d+$/),
      },
    ]);
  });
});
