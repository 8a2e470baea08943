import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import { createRatingToken } from "../email/rating-token.ts";
import { renderJobUpdate } from "../email/render-job-update.ts";
import { emailSigningKey } from "../email/unsubscribe-token.ts";
import { RATING_LINK_DAYS } from "../schemas/feedback.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  seedSignedInShop,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;
let alice: Actor;
let bob: Actor;
/** A second completed job of Alice's and a completed job of Bob's, for the link tests. */
let aliceLinkJob: { id: number; number: string };
let bobDoneJob: { id: number; number: string };

const key = () => emailSigningKey(kit.services().config);

async function ratingRows(jobNumber: string) {
  return kit
    .services()
    .db.selectFrom("job_ratings as r")
    .innerJoin("jobs as j", "j.id", "r.job_id")
    .select(["r.rating", "r.comment", "r.source", "r.customer_id"])
    .where("j.job_number", "=", jobNumber)
    .execute();
}

beforeAll(async () => {
  const s = kit.services();
  ({ fx, staff, alice, bob } = await seedSignedInShop(s));
  const rows = await s.db
    .insertInto("jobs")
    .values([
      {
        customer_id: fx.customerA.id,
        title: "Alice stickers",
        status: "completed",
        completed_at: new Date(),
      },
      {
        customer_id: fx.customerB.id,
        title: "Bob mugs",
        status: "completed",
        completed_at: new Date(),
      },
    ])
    .returning(["id", "job_number"])
    .execute();
  aliceLinkJob = { id: rows[0]!.id, number: rows[0]!.job_number };
  bobDoneJob = { id: rows[1]!.id, number: rows[1]!.job_number };
});

describe("rating from the portal", () => {
  it("a customer rates their completed job once; the second try is refused and nothing changes", async () => {
    const api = callerAs(kit.services(), alice);
    const jobNumber = fx.customerA.completedJobNumber;
    expect(await api.feedback.mine({ jobNumber })).toEqual({ canRate: true, rating: null });
    expect((await api.customer.jobPage({ jobNumber })).feedback).toEqual({
      canRate: true,
      rating: null,
    });
    const saved = await api.feedback.rate({ jobNumber, rating: 4, comment: "  Quick and tidy  " });
    expect(saved.rating).toMatchObject({ rating: 4, comment: "Quick and tidy", source: "portal" });
    expect(await api.feedback.mine({ jobNumber })).toMatchObject({
      canRate: false,
      rating: { rating: 4, comment: "Quick and tidy" },
    });
    // The job page shows the same as feedback.mine.
    expect((await api.customer.jobPage({ jobNumber })).feedback).toEqual(
      await api.feedback.mine({ jobNumber }),
    );
    const again = await errorOf(api.feedback.rate({ jobNumber, rating: 1, comment: "changed" }));
    expect(again.code).toBe("CONFLICT");
    expect(await ratingRows(jobNumber)).toEqual([
      { rating: 4, comment: "Quick and tidy", source: "portal", customer_id: fx.customerA.id },
    ]);
    expect((await api.feedback.mineForJobs({ jobNumbers: [jobNumber] })).ratings).toEqual([
      { jobNumber, rating: 4 },
    ]);
  });

  it("staff see the rating on the job; a job without one shows none", async () => {
    const api = callerAs(kit.services(), staff);
    const rated = await api.feedback.forJob({ jobNumber: fx.customerA.completedJobNumber });
    expect(rated.rating).toMatchObject({ rating: 4, source: "portal" });
    expect(await api.feedback.forJob({ jobNumber: fx.customerB.jobNumber })).toEqual({
      rating: null,
    });
  });

  it("a job that is not completed cannot be rated", async () => {
    const error = await errorOf(
      callerAs(kit.services(), alice).feedback.rate({
        jobNumber: fx.customerA.jobNumber,
        rating: 5,
        comment: "",
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(await ratingRows(fx.customerA.jobNumber)).toEqual([]);
  });

  it("leak: another customer's job cannot be rated or read, and looks like a job that does not exist", async () => {
    const api = callerAs(kit.services(), bob);
    const jobNumber = aliceLinkJob.number;
    expect((await errorOf(api.feedback.rate({ jobNumber, rating: 1, comment: "x" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await errorOf(api.feedback.mine({ jobNumber }))).code).toBe("NOT_FOUND");
    expect(
      (await api.feedback.mineForJobs({ jobNumbers: [fx.customerA.completedJobNumber] })).ratings,
    ).toEqual([]);
    expect(await ratingRows(jobNumber)).toEqual([]);
  });

  it("bad input is a 400 and writes nothing", async () => {
    const api = callerAs(kit.services(), bob);
    const jobNumber = bobDoneJob.number;
    const bad: unknown[] = [
      { jobNumber, rating: 0, comment: "" },
      { jobNumber, rating: 6, comment: "" },
      { jobNumber, rating: 2.5, comment: "" },
      { jobNumber, rating: "five", comment: "" },
      { jobNumber, comment: "no rating" },
      { jobNumber, rating: 3, comment: "x".repeat(2001) },
      { jobNumber, rating: 3, comment: "nul\u0000here" },
      { jobNumber: "J-2026-00\u0000", rating: 3, comment: "" },
      { jobNumber: "not a job", rating: 3, comment: "" },
    ];
    for (const input of bad) {
      const error = await errorOf(api.feedback.rate(input as never));
      expect(error.code, JSON.stringify(input)).toBe("BAD_REQUEST");
    }
    expect(await ratingRows(jobNumber)).toEqual([]);
  });

  it("parallel submits of the same rating store exactly one", async () => {
    const api = callerAs(kit.services(), bob);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        api.feedback.rate({ jobNumber: bobDoneJob.number, rating: 5, comment: `tab ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await ratingRows(bobDoneJob.number)).toHaveLength(1);
  });
});

describe("rating through the emailed link", () => {
  it("opens without a session, rates once as the job's customer, and a reused link says rated", async () => {
    const anon = callerAs(kit.services());
    const token = createRatingToken(key(), aliceLinkJob.id, kit.clock.now());
    expect(await anon.feedback.link({ token })).toEqual({
      state: "open",
      jobNumber: aliceLinkJob.number,
      title: "Alice stickers",
    });
    const saved = await anon.feedback.rateByLink({ token, rating: 5, comment: "Great" });
    expect(saved).toMatchObject({
      jobNumber: aliceLinkJob.number,
      rating: { rating: 5, source: "email" },
    });
    expect(await ratingRows(aliceLinkJob.number)).toEqual([
      { rating: 5, comment: "Great", source: "email", customer_id: fx.customerA.id },
    ]);
    expect((await anon.feedback.link({ token })).state).toBe("rated");
    const reused = await errorOf(anon.feedback.rateByLink({ token, rating: 1, comment: "again" }));
    expect(reused.code).toBe("CONFLICT");
    expect((await ratingRows(aliceLinkJob.number))[0]?.rating).toBe(5);
    const audited = await kit
      .services()
      .db.selectFrom("audit_log")
      .select(["actor_type", "actor_id", "details"])
      .where("action", "=", "customer.job.rate")
      .where("target_id", "=", aliceLinkJob.number)
      .execute();
    expect(audited).toEqual([
      {
        actor_type: "customer",
        actor_id: fx.customerA.id,
        details: { rating: 5, source: "email" },
      },
    ]);
  });

  it("a link for job A cannot rate job B, and a tampered or forged token fails", async () => {
    const anon = callerAs(kit.services());
    const token = createRatingToken(key(), aliceLinkJob.id, kit.clock.now());
    const [, , expires, sig] = token.split(".");
    const forB = `r1.${bobDoneJob.id}.${expires}.${sig}`;
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const otherKey = createRatingToken("not-the-server-key", bobDoneJob.id, kit.clock.now());
    for (const bad of [forB, tampered, otherKey, "r1.1.1.x", "garbage"]) {
      const error = await errorOf(anon.feedback.rateByLink({ token: bad, rating: 1, comment: "" }));
      expect(error.code, bad).toBe("BAD_REQUEST");
      expect(error.message).toContain("not valid");
      expect((await errorOf(anon.feedback.link({ token: bad }))).code).toBe("BAD_REQUEST");
    }
  });

  it("an expired link says it expired and writes nothing", async () => {
    const s = kit.services();
    const [job] = await s.db
      .insertInto("jobs")
      .values({
        customer_id: fx.customerB.id,
        title: "Late",
        status: "completed",
        completed_at: new Date(),
      })
      .returning(["id", "job_number"])
      .execute();
    const made = new Date(kit.clock.now().getTime() - RATING_LINK_DAYS * 86_400_000 - 1000);
    const token = createRatingToken(key(), job!.id, made);
    const error = await errorOf(callerAs(s).feedback.rateByLink({ token, rating: 5, comment: "" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("expired");
    expect(await ratingRows(job!.job_number)).toEqual([]);
  });

  it("a link for a job that is not completed (or was deleted) is not valid", async () => {
    const s = kit.services();
    const active = await s.db
      .selectFrom("jobs")
      .select("id")
      .where("job_number", "=", fx.customerB.jobNumber)
      .executeTakeFirstOrThrow();
    const token = createRatingToken(key(), active.id, kit.clock.now());
    expect((await errorOf(callerAs(s).feedback.link({ token }))).code).toBe("BAD_REQUEST");
  });
});

describe("the completion email", () => {
  it("carries a working rating link for a completed job, and none for other updates", async () => {
    const s = kit.services();
    const [job] = await s.db
      .insertInto("jobs")
      .values({
        customer_id: fx.customerB.id,
        title: "Emailed",
        status: "completed",
        completed_at: new Date(),
      })
      .returning(["id", "job_number"])
      .execute();
    const history = await s.db
      .insertInto("job_status_history")
      .values([
        { job_id: job!.id, status: "ready_for_pickup", visible_to_customer: true },
        { job_id: job!.id, status: "completed", visible_to_customer: true },
      ])
      .returning("id")
      .execute();
    const links = { publicUrl: "http://portal.test", signingKey: key(), now: kit.clock.now };
    const ready = await renderJobUpdate(
      s.db,
      { customer_id: fx.customerB.id, job_history_ids: [history[0]!.id] },
      links,
    );
    expect(ready?.text).not.toContain("/rate/");
    const done = await renderJobUpdate(
      s.db,
      { customer_id: fx.customerB.id, job_history_ids: [history[1]!.id] },
      links,
    );
    const url = /http:\/\/portal\.test\/rate\/(\S+)/.exec(done?.text ?? "")?.[1];
    expect(url).toBeTruthy();
    expect(done?.html).toContain(`/rate/${url}`);
    const token = decodeURIComponent(url ?? "");
    expect(await callerAs(s).feedback.link({ token })).toMatchObject({
      state: "open",
      jobNumber: job!.job_number,
    });
  });
});
