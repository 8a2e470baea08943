import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  seedSignedInShop,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

/**
 * The metrics report on generated data whose answers are known by construction. The shop is in
 * New York, so March 2026 runs from 1 March 05:00 UTC (EST) to 1 April 04:00 UTC (EDT).
 */
const kit = useApiTestKit();
let fx: Fixture;
let admin: Actor;
let staff: Actor;
let customer: Actor;

const MARCH = { from: "2026-03-01", to: "2026-03-31" };
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  const s = kit.services();
  ({ fx, staff, admin, alice: customer } = await seedSignedInShop(s));
  const db = s.db;
  await db.updateTable("shop_settings").set({ time_zone: "America/New_York" }).execute();

  // 12 customers: R1..R10 have a job open in March; R11's job was completed in February; R12's
  // job starts in April.
  const customers = await db
    .insertInto("customers")
    .values(
      Array.from({ length: 12 }, (_, i) => ({ name: `R${i + 1}`, email: `r${i + 1}@report.test` })),
    )
    .returning("id")
    .execute();
  const r = customers.map((c) => c.id);
  const jobs = await db
    .insertInto("jobs")
    .values([
      ...r
        .slice(0, 10)
        .map((id) => ({ customer_id: id, title: "Open", created_at: at("2026-02-15T12:00:00Z") })),
      {
        customer_id: r[10]!,
        title: "Done in Feb",
        status: "completed" as const,
        created_at: at("2026-01-10T12:00:00Z"),
        completed_at: at("2026-02-20T12:00:00Z"),
      },
      { customer_id: r[11]!, title: "April", created_at: at("2026-04-05T12:00:00Z") },
      // Six jobs of R1 completed before March, only to carry ratings.
      ...Array.from({ length: 6 }, () => ({
        customer_id: r[0]!,
        title: "Rated",
        status: "completed" as const,
        created_at: at("2026-01-01T12:00:00Z"),
        completed_at: at("2026-02-01T12:00:00Z"),
      })),
    ])
    .returning("id")
    .execute();
  const j = jobs.map((x) => x.id);

  const audit = (
    action: string,
    actorType: "customer" | "staff",
    actorId: number,
    when: string,
  ) => ({
    action,
    actor_type: actorType,
    actor_id: actorId,
    at: at(when),
  });
  await db
    .insertInto("audit_log")
    .values([
      // Sign-ins in March: R1 (twice), R2, R3, R4 → 4 of the 10 customers with a job.
      audit("auth.login.success", "customer", r[0]!, "2026-03-10T15:00:00Z"),
      audit("auth.login.success", "customer", r[0]!, "2026-03-11T15:00:00Z"),
      audit("auth.login.success", "customer", r[1]!, "2026-03-01T05:00:00Z"),
      audit("auth.login.success", "customer", r[2]!, "2026-03-20T15:00:00Z"),
      audit("auth.login.success", "customer", r[3]!, "2026-04-01T03:59:59Z"),
      // Outside March in New York: 28 Feb 23:59 EST and 1 April 00:00 EDT.
      audit("auth.login.success", "customer", r[4]!, "2026-03-01T04:59:59Z"),
      audit("auth.login.success", "customer", r[5]!, "2026-04-01T04:00:00Z"),
      // R11 signed in but had no job in March; a staff id equal to R7's id is not a customer.
      audit("auth.login.success", "customer", r[10]!, "2026-03-15T15:00:00Z"),
      audit("auth.login.success", "staff", r[6]!, "2026-03-15T15:00:00Z"),
      audit("auth.login.failure", "customer", r[7]!, "2026-03-15T15:00:00Z"),
      // 15 job views in March, 2 outside.
      ...Array.from({ length: 15 }, (_, i) =>
        audit(
          "customer.job.view",
          "customer",
          r[i % 10]!,
          `2026-03-${String(2 + i).padStart(2, "0")}T12:00:00Z`,
        ),
      ),
      audit("customer.job.view", "customer", r[0]!, "2026-02-28T12:00:00Z"),
      audit("customer.job.view", "customer", r[0]!, "2026-04-01T04:00:00Z"),
    ])
    .execute();

  // Ratings 5, 5, 4, 2 in March (first and last instants included), two 1s just outside.
  const rating = (k: number, value: number, when: string) => ({
    job_id: j[12 + k]!,
    customer_id: r[0]!,
    rating: value,
    source: "portal" as const,
    created_at: at(when),
  });
  await db
    .insertInto("job_ratings")
    .values([
      rating(0, 5, "2026-03-01T05:00:00Z"),
      rating(1, 5, "2026-03-15T12:00:00Z"),
      rating(2, 4, "2026-03-20T12:00:00Z"),
      rating(3, 2, "2026-04-01T03:59:59Z"),
      rating(4, 1, "2026-03-01T04:59:59Z"),
      rating(5, 1, "2026-04-01T04:00:00Z"),
    ])
    .execute();

  // Messages (job_messages, migration 0009): each author is the job's customer or a staff member.
  const msg = (
    job: number,
    side: "customer" | "staff",
    body: string,
    when: string,
    deleted = false,
  ) =>
    sql`insert into job_messages (job_id, author_type, author_customer_id, author_staff_id, body, created_at, deleted_at)
        values (${j[job]!}, ${side}, ${side === "customer" ? r[job]! : null},
                ${side === "staff" ? fx.staffId : null}, ${body}, ${at(when)},
                ${deleted ? at(when) : null})`.execute(db);
  // Replies after 10, 20 and 30 minutes, and one question left unanswered → median 20.
  await msg(0, "customer", "When will it be ready?", "2026-03-05T15:00:00Z");
  await msg(0, "staff", "Friday.", "2026-03-05T15:10:00Z");
  await msg(1, "customer", "Hello", "2026-03-06T15:00:00Z");
  await msg(1, "customer", "Any UPDATE on my order?", "2026-03-06T15:05:00Z");
  await msg(1, "staff", "Yes, printing.", "2026-03-06T15:20:00Z");
  await msg(2, "customer", "Please use blue, and leave the edges undone", "2026-03-07T15:00:00Z");
  await msg(2, "staff", "Deleted reply", "2026-03-07T15:01:00Z", true);
  await msg(2, "staff", "Will do.", "2026-03-07T15:30:00Z");
  await msg(3, "customer", "What's the status?", "2026-03-08T15:00:00Z");
  // Outside March: not counted.
  await msg(4, "customer", "Is it done?", "2026-02-10T15:00:00Z");
  await msg(4, "staff", "Not yet.", "2026-02-10T15:05:00Z");
});

describe("metrics report (known answers)", () => {
  it("March 2026 in shop time: adoption 40%, satisfaction 75%, median reply 20 min, proxies", async () => {
    const report = await callerAs(kit.services(), admin).staff.reports.metrics(MARCH);
    expect(report.period).toEqual({
      ...MARCH,
      timeZone: "America/New_York",
      start: "2026-03-01T05:00:00.000Z",
      end: "2026-04-01T04:00:00.000Z",
    });
    expect(report.adoption).toEqual({ count: 4, of: 10, share: 0.4, target: 0.4 });
    expect(report.satisfaction).toEqual({
      count: 3,
      of: 4,
      share: 0.75,
      target: 0.85,
      average: 4,
      distribution: [0, 1, 0, 1, 2],
    });
    expect(report.replies).toEqual({
      questions: 4,
      answered: 3,
      medianMinutes: 20,
      available: true,
    });
    expect(report.statusQuestions).toMatchObject({
      jobViews: 15,
      activeJobs: 10,
      viewsPerActiveJob: 1.5,
      customerMessages: 5,
      statusMessages: 3,
      statusMessageShare: 0.6,
    });
  });

  it("a period with nothing in it has no data rather than a division by zero", async () => {
    const report = await callerAs(kit.services(), admin).staff.reports.metrics({
      from: "2020-01-01",
      to: "2020-01-31",
    });
    expect(report.adoption).toMatchObject({ count: 0, of: 0, share: null });
    expect(report.satisfaction).toMatchObject({ of: 0, share: null, average: null });
    expect(report.replies).toMatchObject({ questions: 0, medianMinutes: null });
    expect(report.statusQuestions).toMatchObject({
      viewsPerActiveJob: null,
      statusMessageShare: null,
    });
  });

  it("one day is that whole day in shop time", async () => {
    // 1 March in New York starts at 05:00 UTC: the 05:00:00 rating is in, the 04:59:59 one is not.
    const report = await callerAs(kit.services(), admin).staff.reports.metrics({
      from: "2026-03-01",
      to: "2026-03-01",
    });
    expect(report.satisfaction.distribution).toEqual([0, 0, 0, 0, 1]);
    expect(report.adoption.count).toBe(1);
  });

  it("refuses impossible, reversed and over-long periods with a 400; 10 years are allowed", async () => {
    const api = callerAs(kit.services(), admin);
    const bad = [
      { from: "2026-03-31", to: "2026-03-01" },
      { from: "2026-02-30", to: "2026-03-01" },
      { from: "2026-13-01", to: "2026-12-31" },
      { from: "", to: "2026-03-01" },
      { from: "2026-03-01" },
      { from: "2016-01-01", to: "2026-01-10" },
      { from: "2026-03-01\u0000", to: "2026-03-02" },
    ];
    for (const input of bad) {
      expect(
        (await errorOf(api.staff.reports.metrics(input as never))).code,
        JSON.stringify(input),
      ).toBe("BAD_REQUEST");
    }
    const reversed = await errorOf(
      api.staff.reports.metrics({ from: "2026-03-31", to: "2026-03-01" }),
    );
    expect(reversed.message).toContain("start date must not be after the end date");
    const tenYears = await api.staff.reports.metrics({ from: "2016-01-01", to: "2025-12-31" });
    expect(tenYears.adoption.of).toBeGreaterThanOrEqual(0);
  });

  it("is for admins only: staff and customers are refused, anonymous must sign in", async () => {
    const s = kit.services();
    expect((await errorOf(callerAs(s, staff).staff.reports.metrics(MARCH))).code).toBe("FORBIDDEN");
    expect((await errorOf(callerAs(s, customer).staff.reports.metrics(MARCH))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(callerAs(s).staff.reports.metrics(MARCH))).code).toBe("UNAUTHORIZED");
  });
});
