import { generateBulkData } from "@traveler/db";
import { holdWriteTransaction, useTestDatabase } from "@traveler/db/testing";
import { sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseSnapshot } from "../schemas/snapshot.ts";
import { SYNC_COLUMNS, SYNC_TABLES, type SyncKind } from "../schemas/sync-tables.ts";
import { decodeCursor, encodeSnapshot, MAX_CURSOR_LENGTH } from "./cursor.ts";
import { type PullResult, pull, rowsFromColumns, type SyncRows } from "./pull.ts";

function emptyRows(): SyncRows {
  return {
    staff_users: [],
    customers: [],
    jobs: [],
    job_status_history: [],
    job_photos: [],
    job_messages: [],
    quote_requests: [],
    job_files: [],
    proofs: [],
    proof_files: [],
    proof_comments: [],
    shop_settings: [],
  };
}

const getDb = useTestDatabase();

/** Pulls pages until the window is complete; returns the merged rows and the final cursor. */
async function pullAll(cursor: string | null, limit = 500, maxSnapshotChars?: number) {
  const rows = emptyRows();
  let pages = 0;
  let result: PullResult;
  do {
    result = await pull(getDb().db, cursor, limit, { maxSnapshotChars });
    for (const key of Object.keys(rows) as (keyof SyncRows)[]) {
      (rows[key] as unknown[]).push(...rowsFromColumns(result.tables)[key]);
    }
    cursor = result.cursor;
    pages += 1;
  } while (result.hasMore);
  return { rows, cursor, pages, watermark: result.watermark, snapshot: result.snapshot };
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
    // The first page announces exactly how many rows the whole bootstrap brings.
    const delivered = Object.values(rows).reduce((n, list) => n + list.length, 0);
    expect((await pull(getDb().db, null, 700)).total).toBe(delivered);
    cursorAfterBootstrap = cursor;
    customerId = rows.customers[0]!.id;
  });

  it("a bootstrap asked for lanes comes as chains that together deliver every row once", async () => {
    const db = getDb().db;
    const { rows: whole, cursor: wholeCursor } = await pullAll(null, 300);
    const ids = (rows: SyncRows) =>
      Object.fromEntries(
        Object.entries(rows).map(([table, list]) => [
          table,
          (list as { id: number }[]).map((r) => r.id).sort((a, b) => a - b),
        ]),
      );
    for (const lanes of [2, 3, 4]) {
      const first = await pull(db, null, 300, { lanes });
      expect(first.lanes).toHaveLength(lanes - 1);
      const rows = emptyRows();
      const finals: string[] = [];
      const chains: PullResult[][] = [];
      for (const start of [null, ...first.lanes!]) {
        let page = start === null ? first : await pull(db, start, 300);
        const chain = [page];
        while (page.hasMore) {
          page = await pull(db, page.cursor, 300);
          chain.push(page);
        }
        chains.push(chain);
        finals.push(page.cursor);
        for (const p of chain) {
          for (const key of Object.keys(rows) as (keyof SyncRows)[]) {
            (rows[key] as unknown[]).push(...rowsFromColumns(p.tables)[key]);
          }
        }
      }
      // Every row once (no duplicates, none missing), each chain doing a share of the work.
      expect(ids(rows)).toEqual(ids(whole));
      const delivered = Object.values(rows).reduce((n, list) => n + list.length, 0);
      expect(first.total).toBe(delivered);
      for (const chain of chains) {
        expect(chain.reduce((n, p) => n + p.count, 0)).toBeGreaterThan(delivered / (lanes * 3));
      }
      // The first page's chain goes on past it (its last page waits for the other chains).
      expect(chains[0]!.length).toBeGreaterThan(1);
      // All chains end at the same final cursor: the snapshot the first page read.
      expect(new Set(finals).size).toBe(1);
      expect(decodeCursor(finals[0]!)).toEqual({ since: decodeCursor(first.cursor).page!.upto });
    }
    // Small bootstraps, and pulls after one, are not split.
    expect((await pull(db, null, 5_000, { lanes: 2 })).lanes).toBeUndefined();
    expect((await pull(db, wholeCursor, 300, { lanes: 2 })).lanes).toBeUndefined();
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
    // One pull: nothing has to "settle" (other transactions on the server may stay open).
    const { rows, cursor } = await pullAll(cursorAfterBootstrap);
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

      // T2 committed: delivered at once although T1 (an older txid) is still open.
      const during = await pullAll(cursorAfterBootstrap);
      expect(during.rows.customers.map((c) => c.name)).toContain("Written by T2");
      expect(during.rows.customers.map((c) => c.name)).not.toContain("Written by T1");

      await t1.query("commit");
      const after = await pullAll(during.cursor);
      const names = after.rows.customers.map((c) => c.name);
      expect(names).toContain("Written by T1");
      // T2's row is not sent again: the cursor's snapshot already holds it.
      expect(names).not.toContain("Written by T2");
      cursorAfterBootstrap = after.cursor;
    } finally {
      t1.release();
    }
  });

  it("delivers deletes as tombstones", async () => {
    const db = getDb().db;
    const victim = await insertCustomer("Soon Gone");
    const created = await pullAll(cursorAfterBootstrap);
    expect(created.rows.customers.map((c) => c.id)).toEqual([victim]);
    cursorAfterBootstrap = created.cursor;
    await db.deleteFrom("customers").where("id", "=", victim).execute();
    const { rows, cursor } = await pullAll(cursorAfterBootstrap);
    cursorAfterBootstrap = cursor;
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

  it("a write transaction held open in ANOTHER database does not delay a committed write", async () => {
    const release = await holdWriteTransaction("pull_test");
    try {
      const id = await insertCustomer("While Another Database Waits");
      const { rows, cursor } = await pullAll(cursorAfterBootstrap);
      expect(rows.customers.map((c) => c.id)).toEqual([id]);
      cursorAfterBootstrap = cursor;
    } finally {
      await release();
    }
  });

  it("pages through a window whose snapshot has an open transaction, then delivers it on commit", async () => {
    const { pool } = getDb();
    const t1 = await pool.connect();
    try {
      await t1.query("begin");
      await t1.query(
        "insert into customers (name, email) values ('Held Open', 'held@example.test')",
      );
      const ids: number[] = [];
      for (let i = 0; i < 23; i++) ids.push(await insertCustomer(`Paged ${i}`));
      const during = await pullAll(cursorAfterBootstrap, 5);
      expect(during.pages).toBeGreaterThan(4);
      expect(during.rows.customers.map((c) => c.id)).toEqual(ids);
      // The cursor's snapshot lists the open transaction as in progress.
      expect(decodeCursor(during.cursor).since).toMatch(/^\d+:\d+:\d+/);
      await t1.query("commit");
      const after = await pullAll(during.cursor, 5);
      expect(after.rows.customers.map((c) => c.name)).toEqual(["Held Open"]);
      cursorAfterBootstrap = after.cursor;
    } finally {
      t1.release();
    }
  });

  it("reads a cursor of the first format (an xmin watermark) and answers with a snapshot cursor", async () => {
    const { watermark } = await pullAll(cursorAfterBootstrap);
    const id = await insertCustomer("After An Old Cursor");
    const old = Buffer.from(JSON.stringify({ s: watermark })).toString("base64url");
    const result = await pullAll(old);
    expect(result.rows.customers.map((c) => c.id)).toContain(id);
    expect(decodeCursor(result.cursor).since).toMatch(/^\d+:\d+:/);
    // An old page cursor (window [s, u)) still reads as the same window.
    const oldPage = Buffer.from(
      JSON.stringify({ s: watermark, u: result.watermark, t: 0, x: null, i: null }),
    ).toString("base64url");
    expect(decodeCursor(oldPage)).toEqual({
      since: `${watermark}:${watermark}:`,
      page: { upto: `${result.watermark}:${result.watermark}:`, table: 0, txid: null, id: null },
    });
  });

  it("refuses cursors whose snapshot PostgreSQL would not accept, before any SQL", async () => {
    const forged = Buffer.from(JSON.stringify({ v: 2, s: "3:9:2" })).toString("base64url");
    await expect(pull(getDb().db, forged)).rejects.toThrow("The sync cursor is not valid.");
    await expect(pull(getDb().db, "3.a-5-9")).rejects.toThrow("The sync cursor is not valid.");
    await expect(pull(getDb().db, "x".repeat(MAX_CURSOR_LENGTH + 1))).rejects.toThrow(
      "The sync cursor is not valid.",
    );
  });

  it("cuts an in-progress list too long for the cursor: commits below the cut arrive at once, the rest when they can, each once", async () => {
    const held: pg.Client[] = [];
    const xids: bigint[] = [];
    const open = async (name: string) => {
      const client = new pg.Client({ connectionString: getDb().connectionString });
      await client.connect();
      held.push(client);
      await client.query("begin");
      await client.query("insert into customers (name, email) values ($1, $2)", [
        name,
        `${name.replaceAll(" ", ".").toLowerCase()}@example.test`,
      ]);
      const { rows } = await client.query<{ x: string }>("select pg_current_xact_id()::text as x");
      xids.push(BigInt(rows[0]!.x));
    };
    try {
      const below = await insertCustomer("Below The Cut");
      for (let i = 0; i < 7; i++) await open(`Held Long ${i}`);
      const above = await insertCustomer("Above The Cut");
      // A budget that holds the snapshot up to the first held transaction and no further.
      const now = parseSnapshot(
        (await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(getDb().db))
          .rows[0]!.s,
      )!;
      const first = xids[0]!;
      const budget = encodeSnapshot({
        xmin: now.xmin,
        xmax: first,
        xip: now.xip.filter((x) => x < first),
      }).length;
      expect(encodeSnapshot(now).length).toBeGreaterThan(budget);

      const during = await pullAll(cursorAfterBootstrap, 500, budget);
      const cut = parseSnapshot(during.snapshot)!;
      expect(encodeSnapshot(cut).length).toBeLessThanOrEqual(Math.max(budget, 27));
      expect(cut.xmax).toBeLessThanOrEqual(xids[xids.length - 1]!);
      const names = during.rows.customers.map((c) => c.name);
      expect(names).toContain("Below The Cut");
      expect(names.filter((n) => n.startsWith("Held Long"))).toEqual([]);

      for (const client of held) await client.query("commit");
      const after = await pullAll(during.cursor, 500, budget);
      const all = [...during.rows.customers, ...after.rows.customers];
      const count = (name: string) => all.filter((c) => c.name === name).length;
      expect(count("Below The Cut")).toBe(1);
      expect(count("Above The Cut")).toBe(1);
      for (let i = 0; i < 7; i++) expect(count(`Held Long ${i}`)).toBe(1);
      expect(all.find((c) => c.name === "Above The Cut")?.id).toBe(above);
      expect(all.find((c) => c.name === "Below The Cut")?.id).toBe(below);
      cursorAfterBootstrap = after.cursor;
    } finally {
      for (const client of held) await client.end().catch(() => {});
    }
  });
  it("sends exactly the fields of SYNC_COLUMNS, each value of its declared kind", async () => {
    const db = getDb().db;
    const staff = await db
      .insertInto("staff_users")
      .values({ username: "kinds", display_name: "Kinds", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const job = await db.selectFrom("jobs").select("id").limit(1).executeTakeFirstOrThrow();
    await db
      .insertInto("job_photos")
      .values({
        job_id: job.id,
        content_type: "image/jpeg",
        data: Buffer.from("photo"),
        thumbnail: Buffer.from("thumb"),
        width: 1,
        height: 1,
        byte_size: 5,
        uploaded_by: staff.id,
      })
      .execute();
    const customer = await db
      .selectFrom("customers")
      .select("id")
      .limit(1)
      .executeTakeFirstOrThrow();
    const file = await db
      .insertInto("job_files")
      .values({
        job_id: job.id,
        storage_key: "kinds",
        file_name: "kinds.png",
        content_type: "image/png",
        byte_size: 5,
        sha256: "a".repeat(64),
        uploaded_by_staff: staff.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const proof = await db
      .insertInto("proofs")
      .values({
        job_id: job.id,
        version_number: 1,
        sent_by: staff.id,
        state: "approved",
        decided_at: new Date(),
        decided_by_customer: customer.id,
        decision_name: "Kinds",
        decision_ip: "192.0.2.1",
        decision_user_agent: "test",
        approved_files: JSON.stringify([{ fileId: file.id, sha256: "a".repeat(64) }]),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const proofFile = await db
      .insertInto("proof_files")
      .values({ proof_id: proof.id, job_file_id: file.id, position: 0, sha256: "a".repeat(64) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("proof_comments")
      .values({
        proof_id: proof.id,
        customer_id: customer.id,
        body: "Here",
        proof_file_id: proofFile.id,
        pin_number: 1,
        pin_x: 0.25,
        pin_y: 1,
      })
      .execute();
    await db
      .insertInto("job_files")
      .values({
        job_id: job.id,
        storage_key: "k".repeat(32),
        file_name: "spec.pdf",
        content_type: "application/pdf",
        byte_size: 5,
        sha256: "0".repeat(64),
        uploaded_by_staff: staff.id,
        thumbnail: Buffer.from("thumb"),
        page_count: 2,
      })
      .execute();
    await db
      .updateTable("jobs")
      .set({ estimated_completion: "2031-02-03" })
      .where("id", "=", job.id)
      .execute();
    const { rows } = await pullAll(null, 5_000);
    expect(rows.job_photos.map((p) => p.byteSize)).toEqual([5]);
    expect(rows.job_files.map((f) => [f.fileName, f.hasThumbnail, f.pageCount])).toEqual([
      ["kinds.png", false, null],
      ["spec.pdf", true, 2],
    ]);
    expect(JSON.stringify(rows.job_files)).not.toContain("thumb");
    expect(rows.proof_comments.map((c) => [c.pinX, c.pinY])).toEqual([[0.25, 1]]);
    const valid: Record<SyncKind, (v: unknown) => boolean> = {
      int: (v) => Number.isSafeInteger(v),
      real: (v) => typeof v === "number" && Number.isFinite(v),
      text: (v) => typeof v === "string",
      bool: (v) => typeof v === "boolean",
      timestamp: (v) =>
        typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v),
      date: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v),
      json: (v) => typeof v === "object",
      xid8: (v) => typeof v === "string" && /^\d+$/.test(v),
    };
    for (const table of SYNC_TABLES) {
      const spec = SYNC_COLUMNS[table] as Record<string, { kind: SyncKind }>;
      expect(rows[table].length, table).toBeGreaterThan(0);
      for (const row of rows[table] as unknown as Record<string, unknown>[]) {
        expect(Object.keys(row).sort(), table).toEqual(Object.keys(spec).sort());
        for (const [field, { kind }] of Object.entries(spec)) {
          const value = row[field];
          if (value === null) continue;
          expect(valid[kind](value), `${table}.${field} = ${JSON.stringify(value)}`).toBe(true);
        }
      }
    }
  });
  it("orders and pages by txid as a number (9 < 10 < 100), never as text", async () => {
    const db = getDb().db;
    const ids: number[] = [];
    for (const n of ["Txid Nine", "Txid Ten", "Txid Hundred"]) ids.push(await insertCustomer(n));
    // Give the rows txids whose text order differs from their numeric order (old, long-committed
    // transactions), with the stamping trigger off for the moment.
    await sql`alter table customers disable trigger customers_stamp`.execute(db);
    try {
      for (const [id, txid] of [
        [ids[0], "9"],
        [ids[1], "10"],
        [ids[2], "100"],
      ] as const) {
        await sql`update customers set txid = ${txid}::xid8 where id = ${id}`.execute(db);
      }
    } finally {
      await sql`alter table customers enable trigger customers_stamp`.execute(db);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: PullResult = await pull(db, cursor, 1);
      for (const c of rowsFromColumns(page.tables).customers)
        if (ids.includes(c.id)) seen.push(c.id);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    // One page at a time, every row exactly once, in numeric txid order.
    expect(seen).toEqual(ids);
  });
});
