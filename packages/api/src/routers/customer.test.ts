import { TRPCError } from "@trpc/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import {
  callerAs,
  type Fixture,
  MARKERS,
  seedSignedInShop,
  sessionFor,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const kit = useApiTestKit();
let fx: Fixture;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  ({ fx, alice, bob } = await seedSignedInShop(kit.services(), "#123456"));
});

function expectNoSecrets(output: unknown) {
  const json = JSON.stringify(output);
  expect(json).not.toContain(MARKERS.shopNotes);
  expect(json).not.toContain(MARKERS.internalNote);
  expect(json).not.toContain(MARKERS.hiddenCaption);
  expect(json).not.toContain(MARKERS.customerBTitle);
  expect(json).not.toContain(MARKERS.internalFile);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof TRPCError ? error.code : `no error (${String(error)})`;
}

describe("customer router", () => {
  it("dashboard lists only the customer's active jobs", async () => {
    const out = await callerAs(kit.services(), alice).customer.dashboard();
    expect(out.customer.name).toBe("Alice A");
    expect(out.jobs.map((j) => j.jobNumber)).toEqual([fx.customerA.jobNumber]);
    expect(out.jobs[0]).toMatchObject({
      title: "Alice banner",
      status: "in_progress",
      progress: 40,
    });
    expectNoSecrets(out);
  });

  it("job shows visible history and photos only, never shop notes", async () => {
    const out = await callerAs(kit.services(), alice).customer.job({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(out.history.map((h) => h.notes)).toEqual(["Printing now"]);
    expect(out.photos.map((p) => p.id)).toEqual([fx.customerA.visiblePhotoId]);
    expect(out.job).not.toHaveProperty("shopNotes");
    expectNoSecrets(out);
    // The job's timeline tells the same visible history (and nothing internal).
    const timeline = await callerAs(kit.services(), alice).customer.proofs.timeline({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(timeline.events.map((e) => (e.type === "status" ? e.entry.notes : e.type))).toEqual([
      "Printing now",
    ]);
    expectNoSecrets(timeline);
    const audit = await kit
      .database()
      .db.selectFrom("audit_log")
      .select(["actor_id", "target_id"])
      .where("action", "=", "customer.job.view")
      .execute();
    expect(audit).toContainEqual({ actor_id: fx.customerA.id, target_id: fx.customerA.jobNumber });
  });

  it("customer A cannot open customer B's job, photo or history by any input", async () => {
    const a = callerAs(kit.services(), alice);
    expect(await codeOf(a.customer.job({ jobNumber: fx.customerB.jobNumber }))).toBe("NOT_FOUND");
    expect(await codeOf(a.customer.proofs.timeline({ jobNumber: fx.customerB.jobNumber }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(a.customer.photo({ photoId: fx.customerB.photoId, variant: "full" }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await codeOf(a.customer.photo({ photoId: fx.customerB.photoId, variant: "thumb" })),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(a.customer.photo({ photoId: fx.customerA.hiddenPhotoId, variant: "full" })),
    ).toBe("NOT_FOUND");
    const history = await a.customer.history({ q: MARKERS.customerBTitle });
    expect(history.total).toBe(0);
    const all = await a.customer.history({});
    expect(all.items.map((i) => i.jobNumber)).toEqual([fx.customerA.completedJobNumber]);
    for (const out of [history, all, await a.customer.shop(), await a.customer.lastChange()]) {
      expectNoSecrets(out);
    }
    // B sees B's own job, so the NOT_FOUND above is about ownership, not the number.
    const b = await callerAs(kit.services(), bob).customer.job({
      jobNumber: fx.customerB.jobNumber,
    });
    expect(b.job.title).toBe(MARKERS.customerBTitle);
  });

  it("a visible photo of their own job comes back as bytes", async () => {
    const out = await callerAs(kit.services(), alice).customer.photo({
      photoId: fx.customerA.visiblePhotoId,
      variant: "full",
    });
    expect(out.contentType).toBe("image/jpeg");
    const meta = await sharp(Buffer.from(out.base64, "base64")).metadata();
    expect(meta.format).toBe("jpeg");
  });

  it("no photos at all when the shop turns photos off", async () => {
    const { db } = kit.database();
    await db
      .updateTable("shop_settings")
      .set({ photos_enabled: false })
      .where("id", "=", 1)
      .execute();
    const a = callerAs(kit.services(), alice);
    const out = await a.customer.job({ jobNumber: fx.customerA.jobNumber });
    expect(out.photos).toEqual([]);
    expect(
      await codeOf(a.customer.photo({ photoId: fx.customerA.visiblePhotoId, variant: "thumb" })),
    ).toBe("NOT_FOUND");
    await db
      .updateTable("shop_settings")
      .set({ photos_enabled: true })
      .where("id", "=", 1)
      .execute();
  });

  it("history searches, filters by date and treats LIKE metacharacters literally", async () => {
    const a = callerAs(kit.services(), alice);
    expect((await a.customer.history({ q: "old fly" })).total).toBe(1);
    expect((await a.customer.history({ q: "%" })).total).toBe(0);
    expect((await a.customer.history({ q: "_" })).total).toBe(0);
    expect((await a.customer.history({ from: "2999-01-01" })).total).toBe(0);
    const page = await a.customer.history({ page: 2, pageSize: 5 });
    expect(page).toMatchObject({ items: [], total: 1, page: 2, pageSize: 5 });
  });

  it("lastChange changes when a visible thing changes and stays put otherwise", async () => {
    const a = callerAs(kit.services(), alice);
    const first = (await a.customer.lastChange()).etag;
    expect((await a.customer.lastChange()).etag).toBe(first);
    // A change to another customer's job does not move A's etag.
    await kit
      .database()
      .db.updateTable("jobs")
      .set({ progress_percentage: 55 })
      .where("job_number", "=", fx.customerB.jobNumber)
      .execute();
    expect((await a.customer.lastChange()).etag).toBe(first);
    await kit
      .database()
      .db.updateTable("jobs")
      .set({ progress_percentage: 60 })
      .where("job_number", "=", fx.customerA.jobNumber)
      .execute();
    expect((await a.customer.lastChange()).etag).not.toBe(first);
  });

  it("staff cannot use customer procedures and customers cannot use staff ones", async () => {
    const staff = (await sessionFor(kit.services(), { type: "staff", id: fx.staffId })).actor;
    expect(await codeOf(callerAs(kit.services(), staff).customer.dashboard())).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(kit.services(), alice).staff.jobs.list())).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(kit.services()).customer.dashboard())).toBe("UNAUTHORIZED");
  });
});
