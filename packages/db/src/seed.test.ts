import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, DEMO_LOGINS } from "./demo-data.ts";
import { BENCH_CUSTOMER_PASSWORD, generateBulkData } from "./generate.ts";
import { openDatabase } from "./open-database.ts";
import { verifyPassword } from "./passwords.ts";
import { JOB_STATUSES } from "./schema.ts";
import { seedDemoData } from "./seed.ts";
import { useTestDatabase } from "./testing/index.ts";

const database = useTestDatabase();

describe("demo seed", () => {
  it("creates the demo shop with logins that work, jobs in every status and history", async () => {
    const { db } = database();
    const result = await seedDemoData(db);
    expect(result).toMatchObject({
      seeded: true,
      staff: 2,
      customers: DEMO_CUSTOMERS.length,
      jobs: 40,
    });

    const settings = await db
      .selectFrom("shop_settings")
      .select("shop_name")
      .executeTakeFirstOrThrow();
    expect(settings.shop_name).toBe("Northside Print & Sign");

    const admin = await db
      .selectFrom("staff_users")
      .select(["role", "password_hash"])
      .where("username", "=", DEMO_LOGINS.admin.username)
      .executeTakeFirstOrThrow();
    expect(admin.role).toBe("admin");
    expect(admin.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(admin.password_hash, DEMO_LOGINS.admin.password)).toBe(true);

    const customer = await db
      .selectFrom("customers")
      .select("password_hash")
      .where("email", "=", DEMO_CUSTOMERS[0].email)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(customer.password_hash!, DEMO_LOGINS.customerPassword)).toBe(true);

    const byStatus = await db
      .selectFrom("jobs")
      .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("status")
      .execute();
    expect(byStatus.map((r) => r.status).sort()).toEqual([...JOB_STATUSES].sort());

    // A first look shows the shop floor: overdue and due-today work, owners, rush jobs, a moved
    // date with its reason, and work-in-progress photos the first demo customer can see.
    const floor = await sql<{
      overdue: number;
      today: number;
      owned: number;
      rush: number;
      moved: number;
      photos: number;
    }>`select
        count(*) filter (where status <> 'completed' and estimated_completion < current_date)::int as overdue,
        count(*) filter (where status <> 'completed' and estimated_completion = current_date)::int as today,
        count(*) filter (where owner_id is not null)::int as owned,
        count(*) filter (where rush)::int as rush,
        (select count(*) from job_status_history where kind = 'due' and notes <> '')::int as moved,
        (select count(*) from job_photos p join jobs j on j.id = p.job_id join customers c on c.id = j.customer_id
          where p.visible_to_customer and c.email = ${DEMO_CUSTOMERS[0].email})::int as photos
      from jobs`.execute(db);
    const f = floor.rows[0]!;
    for (const [k, v] of Object.entries(f)) expect(v, k).toBeGreaterThan(0);

    // Every job has history; the first demo customer sees active and completed jobs.
    const withoutHistory = await db
      .selectFrom("jobs")
      .select("id")
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom("job_status_history").select("id").whereRef("job_id", "=", "jobs.id"),
          ),
        ),
      )
      .execute();
    expect(withoutHistory).toEqual([]);
    const internal = await db
      .selectFrom("job_status_history")
      .select("id")
      .where("visible_to_customer", "=", false)
      .execute();
    expect(internal.length).toBeGreaterThan(0);
    const jobsWithDetails = await db
      .selectFrom("jobs")
      .select("id")
      .where("special_instructions", "<>", "")
      .where("estimated_completion", "is not", null)
      .execute();
    expect(jobsWithDetails.length).toBeGreaterThan(30);
  });

  it("does nothing the second time", async () => {
    const again = await seedDemoData(database().db);
    expect(again.seeded).toBe(false);
    const jobs = await database().db.selectFrom("jobs").select("id").execute();
    expect(jobs).toHaveLength(40);
  });
});

describe("bulk generator", () => {
  it("makes the customers, jobs and history it reports", async () => {
    const { db } = database();
    const before = await db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const result = await generateBulkData(db, { customers: 50, jobs: 1_000, chunkSize: 300 });
    expect(result).toMatchObject({ customers: 50, jobs: 1_000 });

    const count = async (table: "customers" | "jobs" | "job_status_history") =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count("jobs")).toBe(Number(before.n) + 1_000);
    const benchCustomers = await db
      .selectFrom("customers")
      .select(["id", "password_hash"])
      .where("email", "like", `%.${result.tag}@bench.example`)
      .execute();
    expect(benchCustomers).toHaveLength(50);
    expect(await verifyPassword(benchCustomers[0]!.password_hash!, BENCH_CUSTOMER_PASSWORD)).toBe(
      true,
    );

    const history = await db
      .selectFrom("job_status_history")
      .innerJoin("jobs", "jobs.id", "job_status_history.job_id")
      .innerJoin("customers", "customers.id", "jobs.customer_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("customers.email", "like", `%.${result.tag}@bench.example`)
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(result.history);

    // Portal activity for the report: ratings of 60% of completed jobs, sign-ins and views.
    const ratings = await db
      .selectFrom("job_ratings")
      .innerJoin("customers", "customers.id", "job_ratings.customer_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("customers.email", "like", `%.${result.tag}@bench.example`)
      .executeTakeFirstOrThrow();
    expect(Number(ratings.n)).toBe(result.ratings);
    expect(result.ratings).toBeGreaterThan(300);
    expect(result.auditRows).toBeGreaterThan(1_000);
    expect(result.history).toBeGreaterThan(1_000);

    const completed = await db
      .selectFrom("jobs")
      .innerJoin("customers", "customers.id", "jobs.customer_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("customers.email", "like", `%.${result.tag}@bench.example`)
      .where("jobs.status", "=", "completed")
      .executeTakeFirstOrThrow();
    expect(Number(completed.n)).toBe(700);
  });
});

describe("embedded database", () => {
  it("starts PGlite behind a socket, migrates and seeds through the pg driver, and persists", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "traveler-embedded-"));
    try {
      const first = await openDatabase({ dataDir });
      expect(first.embedded).toBe(true);
      expect((await seedDemoData(first.db)).seeded).toBe(true);
      await first.close();

      const second = await openDatabase({ dataDir });
      const jobs = await second.db.selectFrom("jobs").select("job_number").execute();
      await second.close();
      expect(jobs).toHaveLength(40);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
