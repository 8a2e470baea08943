import { beforeAll, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import {
  callerAs,
  type Fixture,
  seedSignedInShop,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

/**
 * The staff inbox's order: conversations waiting for the shop first (the longest wait first),
 * then, when asked, the answered ones (the most recent first), never a deleted job's or a
 * deleted message. Messages are written straight to the table with their times.
 */
const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;
const jobs: Record<string, string> = {};
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));

beforeAll(async () => {
  ({ fx, staff } = await seedSignedInShop(kit.services()));
  const s = callerAs(kit.services(), staff);
  for (const name of ["waiting1", "waiting2", "answered3", "answered4", "deleted", "tie", "late"]) {
    jobs[name] = (
      await s.staff.jobs.create({ customerId: fx.customerA.id, title: name })
    ).job.jobNumber;
  }
  const { db } = kit.database();
  const ids = Object.fromEntries(
    (
      await db
        .selectFrom("jobs")
        .select(["id", "job_number"])
        .where("job_number", "in", Object.values(jobs))
        .execute()
    ).map((j) => [j.job_number, j.id]),
  );
  const say = (job: string, who: "customer" | "staff", minute: number, body = `${job} ${minute}`) =>
    db
      .insertInto("job_messages")
      .values({
        job_id: ids[jobs[job]!]!,
        author_type: who,
        author_customer_id: who === "customer" ? fx.customerA.id : null,
        author_staff_id: who === "staff" ? fx.staffId : null,
        body,
        created_at: at(minute),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  await say("waiting1", "customer", 1);
  await say("waiting2", "customer", 0);
  await say("waiting2", "staff", 2);
  await say("waiting2", "customer", 3);
  await say("answered3", "customer", 1);
  await say("answered3", "staff", 4);
  await say("answered4", "customer", 1);
  await say("answered4", "staff", 5);
  await say("deleted", "customer", 1);
  await say("deleted", "staff", 6);
  await db
    .updateTable("jobs")
    .set({ deleted_at: at(8) })
    .where("id", "=", ids[jobs.deleted!]!)
    .execute();
  await say("tie", "staff", 7, "first at 7");
  await say("tie", "staff", 7, "second at 7");
  await say("late", "customer", 2);
  await say("late", "staff", 3);
  const removed = await say("late", "staff", 9);
  await db.deleteFrom("job_messages").where("id", "=", removed.id).execute();
});

it("lists waiting conversations first, then the answered ones, most recent first", async () => {
  const s = callerAs(kit.services(), staff);
  const names = (threads: { jobNumber: string }[]) =>
    threads.map((t) => Object.keys(jobs).find((k) => jobs[k] === t.jobNumber));

  const waiting = await s.staff.messages.inbox();
  expect(names(waiting.threads)).toEqual(["waiting1", "waiting2"]);
  expect(waiting.threads.map((t) => t.waitingSince)).toEqual([
    at(1).toISOString(),
    at(3).toISOString(),
  ]);

  const all = await s.staff.messages.inbox({ includeAnswered: true });
  expect(names(all.threads)).toEqual([
    "waiting1",
    "waiting2",
    "tie",
    "answered4",
    "answered3",
    "late",
  ]);
  const answered = all.threads.slice(2);
  expect(answered.every((t) => t.waitingSince === null && t.lastAuthor === "staff")).toBe(true);
  expect(answered[0]).toMatchObject({
    lastBody: "second at 7",
    lastMessageAt: at(7).toISOString(),
  });
  expect(answered[3]).toMatchObject({ lastBody: "late 3", lastMessageAt: at(3).toISOString() });

  const first3 = await s.staff.messages.inbox({ includeAnswered: true, limit: 3 });
  expect(names(first3.threads)).toEqual(["waiting1", "waiting2", "tie"]);
  const first1 = await s.staff.messages.inbox({ includeAnswered: true, limit: 1 });
  expect(names(first1.threads)).toEqual(["waiting1"]);
});
