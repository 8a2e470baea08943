import { holdWriteTransaction, useTestDatabase } from "@traveler/db/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type ChangeBatch, type ChangeFeed, createChangeFeed } from "./change-feed.ts";

const getDb = useTestDatabase();
const feeds: ChangeFeed[] = [];

afterEach(async () => {
  for (const feed of feeds.splice(0)) await feed.close();
});

/** Resolves with the first batch for which `match` holds, or rejects after `ms`. */
function nextBatch(feed: ChangeFeed, match: (b: ChangeBatch) => boolean, ms: number) {
  return new Promise<{ batch: ChangeBatch; afterMs: number }>((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching batch within ${ms} ms`));
    }, ms);
    const stop = feed.subscribe((batch) => {
      if (!match(batch)) return;
      clearTimeout(timer);
      stop();
      resolve({ batch, afterMs: performance.now() - started });
    });
  });
}

async function insertCustomer(name: string) {
  const row = await getDb()
    .db.insertInto("customers")
    .values({ name, email: `${name.replaceAll(" ", ".").toLowerCase()}@example.test` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("change feed", () => {
  it("LISTEN/NOTIFY: delivers a batch within a second of a commit (timer far away)", async () => {
    const feed = createChangeFeed({
      db: getDb().db,
      mode: "listen",
      pool: getDb().pool,
      pollIntervalMs: 60_000,
    });
    feeds.push(feed);
    await feed.start();
    const seen: ChangeBatch[] = [];
    feed.subscribe((b) => seen.push(b));
    const started = performance.now();
    const customerId = await insertCustomer("Listen Customer");
    const job = await getDb()
      .db.insertInto("jobs")
      .values({ customer_id: customerId, title: "Banner" })
      .returning(["id", "job_number"])
      .executeTakeFirstOrThrow();
    while (!seen.some((b) => b.jobs.some((j) => j.id === job.id))) {
      if (performance.now() - started > 1_000) throw new Error("no batch within a second");
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen.flatMap((b) => b.customers)).toContain(customerId);
    expect(seen.flatMap((b) => b.tables)).toEqual(expect.arrayContaining(["customers", "jobs"]));
    expect(seen.flatMap((b) => b.jobs)).toContainEqual({
      id: job.id,
      customerId,
      jobNumber: job.job_number,
    });
  });

  it("LISTEN/NOTIFY: a status history insert reports its job", async () => {
    const feed = createChangeFeed({
      db: getDb().db,
      mode: "listen",
      pool: getDb().pool,
      pollIntervalMs: 60_000,
    });
    feeds.push(feed);
    await feed.start();
    const customerId = await insertCustomer("History Customer");
    const job = await getDb()
      .db.insertInto("jobs")
      .values({ customer_id: customerId, title: "Sign" })
      .returning(["id", "job_number"])
      .executeTakeFirstOrThrow();
    await feed.flush();
    const waiting = nextBatch(
      feed,
      (b) => b.tables.includes("job_status_history") && b.jobs.some((j) => j.id === job.id),
      1_000,
    );
    await getDb()
      .db.insertInto("job_status_history")
      .values({ job_id: job.id, status: "in_progress", notes: "started" })
      .execute();
    const { batch, afterMs } = await waiting;
    expect(batch.jobs.find((j) => j.id === job.id)?.jobNumber).toBe(job.job_number);
    expect(afterMs).toBeLessThan(1_000);
  });

  it("LISTEN/NOTIFY: a message names its job and customer only; a quote request its customer", async () => {
    const feed = createChangeFeed({
      db: getDb().db,
      mode: "listen",
      pool: getDb().pool,
      pollIntervalMs: 60_000,
    });
    feeds.push(feed);
    await feed.start();
    const asker = await insertCustomer("Message Customer");
    const bystander = await insertCustomer("Bystander Customer");
    const job = await getDb()
      .db.insertInto("jobs")
      .values({ customer_id: asker, title: "Banner" })
      .returning(["id", "job_number"])
      .executeTakeFirstOrThrow();
    await feed.flush();
    const message = nextBatch(feed, (b) => b.tables.includes("job_messages"), 1_000);
    await getDb()
      .db.insertInto("job_messages")
      .values({
        job_id: job.id,
        author_type: "customer",
        author_customer_id: asker,
        body: "Ready?",
      })
      .execute();
    const { batch } = await message;
    expect(batch.jobs).toEqual([{ id: job.id, customerId: asker, jobNumber: job.job_number }]);
    expect(batch.customers).not.toContain(bystander);

    const quote = nextBatch(feed, (b) => b.tables.includes("quote_requests"), 1_000);
    await getDb()
      .db.insertInto("quote_requests")
      .values({ customer_id: asker, what: "Flyers", quantity: 10 })
      .execute();
    const quoted = await quote;
    expect(quoted.batch.customers).toEqual([asker]);
    expect(quoted.batch.jobs).toEqual([]);
  });

  it("embedded: notifyLocalCommit delivers a batch within a second (timer far away)", async () => {
    const feed = createChangeFeed({ db: getDb().db, mode: "embedded", pollIntervalMs: 60_000 });
    feeds.push(feed);
    await feed.start();
    const id = await insertCustomer("Embedded Customer");
    const waiting = nextBatch(feed, (b) => b.customers.includes(id), 1_000);
    feed.notifyLocalCommit();
    const { batch } = await waiting;
    expect(batch.tables).toEqual(["customers"]);
  });

  it("embedded: without a wake-up the timer still delivers", async () => {
    const feed = createChangeFeed({ db: getDb().db, mode: "embedded", pollIntervalMs: 200 });
    feeds.push(feed);
    await feed.start();
    const id = await insertCustomer("Timer Customer");
    const { batch } = await nextBatch(feed, (b) => b.customers.includes(id), 5_000);
    expect(batch.customers).toContain(id);
  });

  it("delivers each change once to every subscriber, and nothing after unsubscribe", async () => {
    const feed = createChangeFeed({ db: getDb().db, mode: "embedded", pollIntervalMs: 60_000 });
    feeds.push(feed);
    await feed.start();
    const a: ChangeBatch[] = [];
    const b: ChangeBatch[] = [];
    feed.subscribe((x) => a.push(x));
    const stopB = feed.subscribe((x) => b.push(x));
    const id = await insertCustomer("Twice Customer");
    const deadline = Date.now() + 5_000;
    while (!a.some((x) => x.customers.includes(id)) && Date.now() < deadline) {
      feed.notifyLocalCommit();
      await feed.flush();
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(a.filter((x) => x.customers.includes(id))).toHaveLength(1);
    expect(b.filter((x) => x.customers.includes(id))).toHaveLength(1);
    stopB();
    const other = await insertCustomer("After Unsubscribe");
    const until = Date.now() + 5_000;
    while (!a.some((x) => x.customers.includes(other)) && Date.now() < until) {
      await feed.flush();
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(a.some((x) => x.customers.includes(other))).toBe(true);
    expect(b.some((x) => x.customers.includes(other))).toBe(false);
  });

  it("LISTEN/NOTIFY: re-listens after its connection is killed and catches up", async () => {
    const errors: unknown[] = [];
    const feed = createChangeFeed({
      db: getDb().db,
      mode: "listen",
      pool: getDb().pool,
      pollIntervalMs: 60_000,
      reconnectMs: 100,
      onError: (e) => errors.push(e),
    });
    feeds.push(feed);
    await feed.start();
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_stat_activity
      where datname = current_database() and query ilike 'listen traveler_changes%'`.execute(
      getDb().db,
    );
    expect(rows).toHaveLength(1);
    await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(getDb().db);
    // Written while nobody listens: the NOTIFY is lost, the re-listen's catch-up pull finds it.
    const id = await insertCustomer("While Away");
    const { batch } = await nextBatch(feed, (b) => b.customers.includes(id), 5_000);
    expect(batch.customers).toContain(id);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("LISTEN/NOTIFY: write transactions held open here and in another database do not delay a commit, and the held one arrives when it commits", async () => {
    const feed = createChangeFeed({
      db: getDb().db,
      mode: "listen",
      pool: getDb().pool,
      pollIntervalMs: 60_000,
    });
    feeds.push(feed);
    await feed.start();
    const release = await holdWriteTransaction("feed_test");
    const held = await getDb().pool.connect();
    try {
      await held.query("begin");
      const heldId = (
        await held.query<{ id: number }>(
          "insert into customers (name, email) values ('Held Here', 'held.here@example.test') returning id",
        )
      ).rows[0]!.id;
      const waiting = nextBatch(feed, (b) => b.customers.length > 0, 1_000);
      const id = await insertCustomer("Committed Meanwhile");
      const { batch, afterMs } = await waiting;
      expect(batch.customers).toEqual([id]);
      expect(afterMs).toBeLessThan(1_000);

      const late = nextBatch(feed, (b) => b.customers.includes(heldId), 1_000);
      await held.query("commit");
      const { batch: lateBatch } = await late;
      expect(lateBatch.customers).toEqual([heldId]);
    } finally {
      held.release();
      await release();
    }
  });
});
