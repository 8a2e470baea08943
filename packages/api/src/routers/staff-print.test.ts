import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  seedStaffShop,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;

beforeAll(async () => {
  ({ fx, staff } = await seedStaffShop(kit.services(), "#123456"));
});

const asStaff = () => callerAs(kit.services(), staff);

const codeOf = async (promise: Promise<unknown>) => (await errorOf(promise)).code;

describe("staff print", () => {
  it("one job's traveler: its fields, the shop and the public address", async () => {
    await kit
      .database()
      .db.updateTable("shop_settings")
      .set({ address: "1 Main St", phone: "555-0100", time_zone: "America/Los_Angeles" })
      .where("id", "=", 1)
      .execute();
    const out = await asStaff().staff.print.travelers({ jobNumber: fx.customerA.jobNumber });
    expect(out.publicUrl).toBe("http://portal.test");
    expect(out.shop).toMatchObject({
      address: "1 Main St",
      phone: "555-0100",
      timeZone: "America/Los_Angeles",
    });
    expect(out.total).toBe(1);
    expect(out.jobs).toHaveLength(1);
    expect(out.jobs[0]).toMatchObject({ jobNumber: fx.customerA.jobNumber });
    expect(Object.keys(out.jobs[0]!).sort()).toEqual(
      [
        "customerName",
        "description",
        "estimatedCompletion",
        "jobNumber",
        "quantity",
        "specialInstructions",
        "specifications",
        "status",
        "title",
      ].sort(),
    );
  });

  it("an unknown or deleted job is NOT_FOUND; a malformed request is BAD_REQUEST", async () => {
    expect(await codeOf(asStaff().staff.print.travelers({ jobNumber: "J-1999-0001" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(asStaff().staff.print.travelers({ day: "2026-02-30" } as never))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(asStaff().staff.print.travelers({ status: "lost" } as never))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await codeOf(
        asStaff().staff.print.travelers({ day: "2026-01-01", status: "in_progress" } as never),
      ),
    ).toBe("BAD_REQUEST");
  });

  it("a day's batch: open jobs due that day, by job number; a column: every job of that status", async () => {
    const db = kit.database().db;
    const day = "2031-03-14";
    const made = await db
      .insertInto("jobs")
      .values(
        ["b", "a", "done", "gone"].map((title) => ({
          customer_id: fx.customerB.id,
          title: `Print day ${title}`,
          estimated_completion: day,
          status: title === "done" ? ("completed" as const) : ("quality_check" as const),
          completed_at: title === "done" ? new Date() : null,
          deleted_at: title === "gone" ? new Date() : null,
        })),
      )
      .returning(["job_number", "title"])
      .execute();
    const due = await asStaff().staff.print.travelers({ day });
    const open = made.filter((m) => m.title === "Print day a" || m.title === "Print day b");
    expect(due.jobs.map((j) => j.jobNumber)).toEqual(open.map((m) => m.job_number).sort());
    expect(due.total).toBe(2);
    const column = await asStaff().staff.print.travelers({ status: "quality_check" });
    const numbers = column.jobs.map((j) => j.jobNumber);
    for (const m of open) expect(numbers).toContain(m.job_number);
    expect(column.jobs.every((j) => j.status === "quality_check")).toBe(true);
    expect(numbers).not.toContain(made.find((m) => m.title === "Print day gone")!.job_number);
  });
});
