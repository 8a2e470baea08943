import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { generateBulkData } from "./generate.ts";
import { GENERATED_STATUS_QUESTION } from "./generate-conversations.ts";
import { useTestDatabase } from "./testing/index.ts";

const database = useTestDatabase();

describe("generated conversations", () => {
  it("makes the threads, replies and quote requests its rules promise (known answers)", async () => {
    const { db } = database();
    const result = await generateBulkData(db, { customers: 60, jobs: 800, chunkSize: 300 });
    const jobs = await db.selectFrom("jobs").select(["id", "status", "customer_id"]).execute();
    const threads = jobs.filter((j) => j.id % 4 === 0);
    const answered = threads.filter((j) => j.status === "completed" || j.id % 16 !== 4);
    expect(result.conversations.messages).toBe(threads.length + answered.length);

    const statusQuestions = await db
      .selectFrom("job_messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("author_type", "=", "customer")
      .where("body", "=", GENERATED_STATUS_QUESTION)
      .executeTakeFirstOrThrow();
    expect(Number(statusQuestions.n)).toBe(threads.filter((j) => j.id % 3 === 0).length);

    // Median time to first staff reply over answered threads: (id % 5) + 1 hours.
    const hours = answered.map((j) => (j.id % 5) + 1).sort((a, b) => a - b);
    const median = await sql<{ h: number }>`
      select percentile_cont(0.5) within group (order by extract(epoch from r.created_at - q.created_at) / 3600) as h
      from job_messages q
      join lateral (select min(created_at) as created_at from job_messages r
                    where r.job_id = q.job_id and r.author_type = 'staff') r on r.created_at is not null
      where q.author_type = 'customer'`.execute(db);
    const mid = hours.length / 2;
    const expected =
      hours.length % 2 ? hours[Math.floor(mid)]! : (hours[mid - 1]! + hours[mid]!) / 2;
    expect(Number(median.rows[0]?.h)).toBeCloseTo(expected, 6);

    const customers = await db.selectFrom("customers").select("id").execute();
    expect(result.conversations.quoteRequests).toBe(
      customers.filter((c) => c.id % 20 === 0).length,
    );
    const waiting = await db
      .selectFrom("job_messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("author_type", "=", "customer")
      .where("read_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(Number(waiting.n)).toBe(threads.length - answered.length);
  });
});
