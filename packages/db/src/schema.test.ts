import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { migrateToLatest } from "./migrate.ts";
import { migrations } from "./migrations/index.ts";
import {
  createTestDatabase,
  urlForDatabase,
  useTestDatabase,
  withAdminClient,
} from "./testing/index.ts";

const database = useTestDatabase();

async function insertCustomer(email = `c${Math.random().toString(36).slice(2)}@example.com`) {
  return database()
    .db.insertInto("customers")
    .values({ name: "Test Customer", email })
    .returning(["id", "txid", "version"])
    .executeTakeFirstOrThrow();
}

async function insertJob(customerId: number, title = "Sign") {
  return database()
    .db.insertInto("jobs")
    .values({ customer_id: customerId, title })
    .returning(["id", "job_number", "txid", "version"])
    .executeTakeFirstOrThrow();
}

describe("migrations", () => {
  it("apply to an empty database and are idempotent", async () => {
    const name = `traveler_t_empty_${Math.random().toString(36).slice(2, 10)}`;
    await withAdminClient((c) => c.query(`create database "${name}"`));
    const handle = createDb({ connectionString: urlForDatabase(name), max: 1 });
    try {
      const first = await migrateToLatest(handle.db);
      expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(
        Object.keys(migrations).map((m) => [m, "Success"]),
      );
      const second = await migrateToLatest(handle.db);
      expect(second.results).toEqual([]);
      const tables = await sql<{ tablename: string }>`
        select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(
        handle.db,
      );
      expect(tables.rows.map((r) => r.tablename)).toEqual(
        expect.arrayContaining([
          "audit_log",
          "customers",
          "email_outbox",
          "file_blobs",
          "file_chunks",
          "idempotency_keys",
          "job_files",
          "job_photos",
          "job_status_history",
          "jobs",
          "sessions",
          "shop_settings",
          "staff_users",
        ]),
      );
    } finally {
      await handle.close();
      await withAdminClient((c) => c.query(`drop database "${name}" with (force)`));
    }
  });

  it("the per-file clone is a separate database that starts migrated", async () => {
    const other = await createTestDatabase();
    try {
      expect(other.name).not.toBe(database().name);
      const settings = await other.db.selectFrom("shop_settings").select("id").execute();
      expect(settings).toEqual([{ id: 1 }]);
    } finally {
      await other.drop();
    }
    const { rows } = await withAdminClient((c) =>
      c.query("select 1 from pg_database where datname = $1", [other.name]),
    );
    expect(rows).toHaveLength(0);
  });
});

describe("constraints", () => {
  it("rejects progress above 100 and below 0", async () => {
    const customer = await insertCustomer();
    const job = await insertJob(customer.id);
    for (const progress of [101, -1]) {
      await expect(
        database()
          .db.updateTable("jobs")
          .set({ progress_percentage: progress })
          .where("id", "=", job.id)
          .execute(),
      ).rejects.toThrow(/progress_percentage/);
    }
  });

  it("rejects an unknown status", async () => {
    const customer = await insertCustomer();
    await expect(
      sql`insert into jobs (customer_id, title, status) values (${customer.id}, 'x', 'lost')`.execute(
        database().db,
      ),
    ).rejects.toThrow(/jobs_status_check/);
  });

  it("rejects a duplicate customer email in another case", async () => {
    await insertCustomer("Same.Person@Example.com");
    await expect(insertCustomer("same.person@example.COM")).rejects.toThrow(/customers_email_key/);
  });

  it("rejects a duplicate staff username in another case", async () => {
    const row = { display_name: "A", password_hash: "x" };
    await database()
      .db.insertInto("staff_users")
      .values({ ...row, username: "Jordan" })
      .execute();
    await expect(
      database()
        .db.insertInto("staff_users")
        .values({ ...row, username: "jordan" })
        .execute(),
    ).rejects.toThrow(/staff_users_username_key/);
  });

  it("requires completed_at exactly when the job is completed", async () => {
    const customer = await insertCustomer();
    const job = await insertJob(customer.id);
    await expect(
      database()
        .db.updateTable("jobs")
        .set({ status: "completed" })
        .where("id", "=", job.id)
        .execute(),
    ).rejects.toThrow(/jobs_completed_at_matches_status/);
  });
});

describe("job numbers", () => {
  it("are assigned by the database as J-<year>-<4+ digits>, ignoring any client value", async () => {
    const customer = await insertCustomer();
    const job = await insertJob(customer.id);
    expect(job.job_number).toMatch(new RegExp(`^J-${new Date().getFullYear()}-\\d{4,}$`));
    const forced = await sql<{ job_number: string }>`
      insert into jobs (customer_id, title, job_number) values (${customer.id}, 'x', 'J-1999-0001')
      returning job_number`.execute(database().db);
    expect(forced.rows[0]!.job_number).not.toBe("J-1999-0001");
  });

  it("stay unique under 20 concurrent inserts", async () => {
    const customer = await insertCustomer();
    const jobs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database()
          .db.transaction()
          .execute((trx) =>
            trx
              .insertInto("jobs")
              .values({ customer_id: customer.id, title: `Concurrent ${i}` })
              .returning("job_number")
              .executeTakeFirstOrThrow(),
          ),
      ),
    );
    expect(new Set(jobs.map((j) => j.job_number)).size).toBe(20);
  });

  it("grow past four digits instead of wrapping after 9999", async () => {
    const customer = await insertCustomer();
    await database()
      .db.insertInto("job_number_counters")
      .values({ year: 2031, last_value: 9_999 })
      .execute();
    const row = await database()
      .db.insertInto("jobs")
      .values({ customer_id: customer.id, title: "Big year", created_at: "2031-03-01T10:00:00Z" })
      .returning("job_number")
      .executeTakeFirstOrThrow();
    expect(row.job_number).toBe("J-2031-10000");
  });

  it("take the year of created_at, so back-dated jobs number in their own year", async () => {
    const customer = await insertCustomer();
    const row = await database()
      .db.insertInto("jobs")
      .values({ customer_id: customer.id, title: "Old", created_at: "2023-05-01T10:00:00Z" })
      .returning("job_number")
      .executeTakeFirstOrThrow();
    expect(row.job_number).toMatch(/^J-2023-\d{4}$/);
  });
});

describe("sync columns", () => {
  it("txid is set on insert and moves forward on update, with version bumped", async () => {
    const customer = await insertCustomer();
    const job = await insertJob(customer.id);
    const current = await sql<{ x: string }>`select pg_current_xact_id()::text as x`.execute(
      database().db,
    );
    expect(BigInt(job.txid)).toBeLessThan(BigInt(current.rows[0]!.x));
    const updated = await database()
      .db.updateTable("jobs")
      .set({ title: "Changed" })
      .where("id", "=", job.id)
      .returning(["txid", "version"])
      .executeTakeFirstOrThrow();
    expect(BigInt(updated.txid)).toBeGreaterThan(BigInt(job.txid));
    expect(updated.version).toBe(job.version + 1);
  });

  it("a DELETE keeps the row as a tombstone with deleted_at and a new txid", async () => {
    const customer = await insertCustomer();
    const job = await insertJob(customer.id);
    const deleted = await database()
      .db.deleteFrom("jobs")
      .where("id", "=", job.id)
      .executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const tombstone = await database()
      .db.selectFrom("jobs")
      .select(["deleted_at", "txid"])
      .where("id", "=", job.id)
      .executeTakeFirstOrThrow();
    expect(tombstone.deleted_at).toBeInstanceOf(Date);
    expect(BigInt(tombstone.txid)).toBeGreaterThan(BigInt(job.txid));
  });

  it("writes NOTIFY traveler_changes at commit, not before", async () => {
    const listener = await database().pool.connect();
    const received: string[] = [];
    listener.on("notification", (n) => received.push(n.payload ?? ""));
    await listener.query("listen traveler_changes");
    try {
      const customer = await insertCustomer();
      await database()
        .db.transaction()
        .execute(async (trx) => {
          await trx.insertInto("jobs").values({ customer_id: customer.id, title: "N" }).execute();
          await new Promise((r) => setTimeout(r, 100));
          expect(received).not.toContain("jobs");
        });
      await expect.poll(() => received).toContain("jobs");
    } finally {
      listener.release();
    }
  });
});
