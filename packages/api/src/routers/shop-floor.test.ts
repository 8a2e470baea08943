import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import { getDevMail, listDevMail } from "../email/dev-mail.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  seedSignedInShop,
  sessionFor,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

/** Issue 12 §3: owners, rush jobs, the board's due order and revised dates the customer sees. */
const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;
let customerA: Actor;
const links = { publicUrl: "https://portal.example", signingKey: "shop-floor-test-key" };

beforeAll(async () => {
  ({ fx, staff, alice: customerA } = await seedSignedInShop(kit.services(), "#123456"));
});

const asStaff = () => callerAs(kit.services(), staff);

describe("owner and rush", () => {
  it("are set at creation and in edits, filter the list, and are audited with labels", async () => {
    const api = asStaff();
    const { job } = await api.staff.jobs.create({
      customerId: fx.customerA.id,
      title: "Rush banner",
      ownerId: fx.staffId,
      rush: true,
    });
    expect(job).toMatchObject({ ownerId: fx.staffId, rush: true });
    expect(job.ownerName).toBeTruthy();
    const other = await api.staff.jobs.create({ customerId: fx.customerA.id, title: "Calm mugs" });
    expect(other.job).toMatchObject({ ownerId: null, rush: false, ownerName: null });

    const mine = await api.staff.jobs.list({ ownerId: fx.staffId, limit: 200 });
    expect(mine.items.map((j) => j.jobNumber)).toContain(job.jobNumber);
    expect(mine.items.every((j) => j.ownerId === fx.staffId)).toBe(true);
    const unowned = await api.staff.jobs.list({ ownerId: null, limit: 200 });
    expect(unowned.items.map((j) => j.jobNumber)).toContain(other.job.jobNumber);
    expect(unowned.items.every((j) => j.ownerId === null)).toBe(true);
    const rush = await api.staff.jobs.list({ rush: true, limit: 200 });
    expect(rush.items.map((j) => j.jobNumber)).toEqual([job.jobNumber]);

    const edited = await api.staff.jobs.update({
      jobNumber: other.job.jobNumber,
      version: other.job.version,
      base: { ownerId: null, rush: false },
      patch: { ownerId: fx.adminId, rush: true },
    });
    expect(edited.job).toMatchObject({ ownerId: fx.adminId, rush: true });
    const audit = await kit
      .database()
      .db.selectFrom("audit_log")
      .select("details")
      .where("action", "=", "staff.job.update")
      .where("target_id", "=", other.job.jobNumber)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).toContain('"ownerId"');
    // The audit screen names it as people read it.
    const admin = (await sessionFor(kit.services(), { type: "staff", id: fx.adminId })).actor;
    const log = await callerAs(kit.services(), admin).staff.audit.list({
      action: "staff.job.update",
      limit: 5,
    });
    const entry = log.items.find((e) => e.targetId === other.job.jobNumber);
    expect(entry).toMatchObject({
      actionLabel: "Edited a job",
      targetLabel: `${other.job.jobNumber} · Calm mugs`,
    });
    expect(entry?.changedFields.sort()).toEqual(["Owner", "Rush"]);
    await callerAs(kit.services(), staff).staff.customers.create({
      name: "Label Test Ltd",
      email: "label-test@example.test",
    });
    const created = await callerAs(kit.services(), admin).staff.audit.list({
      action: "staff.customer.create",
      limit: 1,
    });
    expect(created.items[0]).toMatchObject({
      actionLabel: "Created a customer",
      targetLabel: "Label Test Ltd",
    });
  });

  it("refuses an owner who is not an active staff member, and changes nothing", async () => {
    const api = asStaff();
    const { job } = await api.staff.jobs.create({ customerId: fx.customerA.id, title: "Plaque" });
    for (const ownerId of [fx.inactiveStaffId, 999_999]) {
      const error = await errorOf(
        api.staff.jobs.update({
          jobNumber: job.jobNumber,
          version: job.version,
          patch: { ownerId },
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/active staff member/);
      const error2 = await errorOf(
        api.staff.jobs.create({ customerId: fx.customerA.id, title: "X", ownerId }),
      );
      expect(error2.code).toBe("BAD_REQUEST");
    }
    const after = await api.staff.jobs.get({ jobNumber: job.jobNumber });
    expect(after.job.version).toBe(job.version);
    expect(after.job.ownerId).toBeNull();
  });
});

describe("the board's due order", () => {
  it("sorts by estimated completion with undated jobs last, then by number", async () => {
    const api = asStaff();
    const made: string[] = [];
    for (const due of ["2031-03-05", null, "2031-03-01", "2031-03-05"] as const) {
      const { job } = await api.staff.jobs.create({
        customerId: fx.customerB.id,
        title: `Due order ${due}`,
        estimatedCompletion: due,
      });
      made.push(job.jobNumber);
    }
    const list = await api.staff.jobs.list({
      customerId: fx.customerB.id,
      sort: "due",
      limit: 200,
    });
    const ours = list.items.filter((j) => made.includes(j.jobNumber));
    expect(ours.map((j) => j.estimatedCompletion)).toEqual([
      "2031-03-01",
      "2031-03-05",
      "2031-03-05",
      null,
    ]);
    expect(ours[1]!.id).toBeLessThan(ours[2]!.id);
    // Undated jobs come after every dated one, in the whole list.
    const firstUndated = list.items.findIndex((j) => j.estimatedCompletion === null);
    expect(list.items.slice(firstUndated).every((j) => j.estimatedCompletion === null)).toBe(true);
  });
});

describe("a revised estimated completion", () => {
  it("is recorded with its reason, shown to the customer as was/now, and emailed", async () => {
    const api = asStaff();
    const db = kit.database().db;
    const { job } = await api.staff.jobs.create({
      customerId: fx.customerA.id,
      title: "Window lettering",
      estimatedCompletion: "2026-11-12",
    });
    await db.deleteFrom("email_outbox").execute();
    const moved = await api.staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      base: { estimatedCompletion: "2026-11-12" },
      patch: { estimatedCompletion: "2026-11-15" },
      dueReason: "Waiting for the vinyl delivery",
    });
    expect(moved.job.estimatedCompletion).toBe("2026-11-15");

    const staffView = await api.staff.jobs.get({ jobNumber: job.jobNumber });
    expect(staffView.history[0]).toMatchObject({
      kind: "due",
      dueFrom: "2026-11-12",
      dueTo: "2026-11-15",
      notes: "Waiting for the vinyl delivery",
      visibleToCustomer: true,
    });

    const customerView = await callerAs(kit.services(), customerA).customer.job({
      jobNumber: job.jobNumber,
    });
    expect(customerView.job.estimatedCompletion).toBe("2026-11-15");
    expect(customerView.history[0]).toMatchObject({
      kind: "due",
      dueFrom: "2026-11-12",
      dueTo: "2026-11-15",
      notes: "Waiting for the vinyl delivery",
    });

    const mail = await listDevMail(db, links);
    const update = mail.find((m) => m.kind === "job_update");
    expect(update?.subject).toBe(`New date for ${job.jobNumber}: 15 Nov`);
    const message = await getDevMail(db, update!.id, links);
    expect(message?.text).toContain("Estimated completion was 12 Nov, now 15 Nov");
    expect(message?.text).toContain("Reason: Waiting for the vinyl delivery");
    expect(message?.html).toContain("was 12 Nov, now 15 Nov");
  });

  it("an edit that leaves the date alone records nothing; setting and removing it do", async () => {
    const api = asStaff();
    const { job } = await api.staff.jobs.create({ customerId: fx.customerA.id, title: "Decals" });
    const dueRows = async () =>
      (await api.staff.jobs.get({ jobNumber: job.jobNumber })).history.filter(
        (h) => h.kind === "due",
      );
    const titled = await api.staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      patch: { title: "Decals (large)" },
    });
    expect(await dueRows()).toHaveLength(0);
    const set = await api.staff.jobs.update({
      jobNumber: job.jobNumber,
      version: titled.job.version,
      patch: { estimatedCompletion: "2031-01-10" },
    });
    await api.staff.jobs.update({
      jobNumber: job.jobNumber,
      version: set.job.version,
      patch: { estimatedCompletion: null },
    });
    const rows = await dueRows();
    expect(rows.map((r) => [r.dueFrom, r.dueTo])).toEqual([
      ["2031-01-10", null],
      [null, "2031-01-10"],
    ]);
  });

  it("refuses a reason over 500 characters and changes nothing", async () => {
    const api = asStaff();
    const { job } = await api.staff.jobs.create({
      customerId: fx.customerA.id,
      title: "Sign",
      estimatedCompletion: "2031-02-01",
    });
    const error = await errorOf(
      api.staff.jobs.update({
        jobNumber: job.jobNumber,
        version: job.version,
        patch: { estimatedCompletion: "2031-02-03" },
        dueReason: "x".repeat(501),
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const after = await api.staff.jobs.get({ jobNumber: job.jobNumber });
    expect(after.job.estimatedCompletion).toBe("2031-02-01");
    expect(after.history.filter((h) => h.kind === "due")).toHaveLength(0);
  });
});
