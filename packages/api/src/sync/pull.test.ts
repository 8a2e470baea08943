import { generateBulkData } from "@traveler/db";
import { useTestDatabase } from "@traveler/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { emptyRows, type PullResult, pull, type SyncRows } from "./pull.ts";

const getDb = useTestDatabase();

/** Pulls pages until the window is complete; returns the merged rows and the final cursor. */
async function pullAll(cursor: string | null, limit = 500) {
  const rows = emptyRows();
  let pages = 0;
  let result: PullResult;
  do {
    result = await pull(getDb().db, cursor, limit);
    for (const key of Object.keys(rows) as (keyof SyncRows)[]) {
      (rows[key] as unknown[]).push(...result.rows[key]);
    }
    cursor = result.cursor;
    pages += 1;
  } while (result.hasMore);
  return { rows, cursor, pages, watermark: result.watermark };
}

/**
 * xids are cluster-wide: another session's open transaction (other test files share the server)
 * holds the watermark back for a moment. Pull until `done` holds, like a client would.
 */
async function pullUntil(cursor: string, done: (rows: SyncRows) => boolean) {
  const rows = emptyRows();
  const deadline = Date.now() + 15_000;
  for (;;) {
    const result = await pullAll(cursor);
    for (const key of Object.keys(rows) as (keyof SyncRows)[]) {
      (rows[key] as unknown[]).push(...result.rows[key]);
    }
    cursor = result.cursor;
    if (done(rows) || Date.now() > deadline) return { rows, cursor };
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function insertCustomer(name: string): Promise<number> {
  const row = await getDb()
    .db.insertInto("customers")
    .values({ name, email: `${name.toLowerCase().replaceAll(" ", ".")}@example.test` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("sync pull", () => {
  let cursorAfterBootstrap: string;
  let customerId: number;

  it("bootstraps 1,000 jobs in pages, each row exactly once", async () => {
    await generateBulkData(getDb().db, { customers: 50, jobs: 1_000 });
    const { rows, cursor, pages } = await pullAll(null, 700);
    expect(rows.jobs).toHaveLength(1_000);
    expect(new Set(rows.jobs.map((j) => j.id)).size).toBe(1_000);
    expect(rows.customers).toHaveLength(50);
    expect(rows.shop_settings).toHaveLength(1);
    const history = await getDb()
      .db.selectFrom("job_status_history")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(rows.job_status_history).toHaveLength(Number(history.n));
    expect(pages).toBeGreaterThan(3);
    cursorAfterBootstrap = cursor;
    customerId = rows.customers[0]!.id;
  });

  it("never sends password or token hashes and includes internal job fields", async () => {
    const page = await pull(getDb().db, null, 200);
    const json = JSON.stringify(page);
    expect(json).not.toContain("argon2");
    expect(json).not.toMatch(/password_?hash|passwordHash|token_?hash|tokenHash/i);
    const job = (await pullAll(null, 5_000)).rows.jobs[0]!;
    expect(job).toHaveProperty("shopNotes");
    expect(job).toHaveProperty("version");
    expect(job).toHaveProperty("deletedAt");
  });

  it("returns nothing new when nothing changed, and duplicate pulls are harmless", async () => {
    const first = await pullAll(cursorAfterBootstrap);
    const second = await pullAll(cursorAfterBootstrap);
    expect(first.rows.jobs).toEqual([]);
    expect(second.rows.jobs).toEqual([]);
  });

  it("delivers the delta after staff changes: the edited job, its new history row", async () => {
    const db = getDb().db;
    const job = await db
      .selectFrom("jobs")
      .select(["id", "version"])
      .where("status", "<>", "completed")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("jobs")
        .set({ status: "quality_check", shop_notes: "check the bleed" })
        .where("id", "=", job.id)
        .execute();
      await trx
        .insertInto("job_status_history")
        .values({ job_id: job.id, status: "quality_check", notes: "QC now" })
        .execute();
    });
    const { rows, cursor } = await pullUntil(
      cursorAfterBootstrap,
      (r) => r.jobs.length > 0 && r.job_status_history.length > 0,
    );
    expect(rows.jobs.map((j) => [j.id, j.status, j.shopNotes, j.version])).toEqual([
      [job.id, "quality_check", "check the bleed", job.version + 1],
    ]);
    expect(rows.job_status_history.map((h) => h.notes)).toEqual(["QC now"]);
    expect(rows.customers).toEqual([]);
    cursorAfterBootstrap = cursor;
  });

  it("delivers a row written by a transaction that was open across a pull (the sequence pitfall)", async () => {
    const { pool } = getDb();
    const t1 = await pool.connect();
    try {
      await t1.query("begin");
      await t1.query("update customers set name = 'Written by T1' where id = $1", [customerId]);
      // T2 writes and commits after T1 took its txid (a higher one).
      await insertCustomer("Written by T2");

      const during = await pullUntil(cursorAfterBootstrap, () => true);
      // T1 is still open: its txid is at or above the watermark, so the window stops below it
      // (and so T2's row, with a higher txid, waits too: delayed, never lost).
      expect(during.rows.customers.map((c) => c.name)).not.toContain("Written by T1");

      await t1.query("commit");
      const after = await pullUntil(during.cursor, (r) =>
        r.customers.some((c) => c.name === "Written by T1"),
      );
      const delivered = [...during.rows.customers, ...after.rows.customers].map((c) => c.name);
      expect(delivered).toContain("Written by T1");
      expect(delivered).toContain("Written by T2");
      cursorAfterBootstrap = after.cursor;
    } finally {
      t1.release();
    }
  });

  it("delivers deletes as tombstones", async () => {
    const db = getDb().db;
    const victim = await insertCustomer("Soon Gone");
    cursorAfterBootstrap = (
      await pullUntil(cursorAfterBootstrap, (r) => r.customers.some((c) => c.id === victim))
    ).cursor;
    await db.deleteFrom("customers").where("id", "=", victim).execute();
    const { rows } = await pullUntil(cursorAfterBootstrap, (r) =>
      r.customers.some((c) => c.id === victim),
    );
    const tomb = rows.customers.find((c) => c.id === victim);
    expect(tomb?.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const stillThere = await db
      .selectFrom("customers")
      .select("deleted_at")
      .where("id", "=", victim)
      .executeTakeFirstOrThrow();
    expect(stillThere.deleted_at).not.toBeNull();
  });

  it("rejects a malformed cursor", async () => {
    await expect(pull(getDb().db, "not-a-cursor")).rejects.toThrow("The sync cursor is not valid.");
  });

  it("compares txids as xid8 (64-bit) past the 32-bit range", async () => {
    // A cursor far beyond any real xid8: nothing is at or above it, and no error.
    const huge = Buffer.from(JSON.stringify({ s: "9000000000" })).toString("base64url");
    const result = await pull(getDb().db, huge);
    expect(result.count).toBe(0);
    const { rows } = await sql<{
      ok: boolean;
    }>`select pg_current_xact_id() < '9000000000'::xid8 as ok`.execute(getDb().db);
    expect(rows[0]?.ok).toBe(true);
  });
});
