import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff, startApiTestServer } from "../testing/api-test-server.ts";
import { signedInCore } from "../testing/console-test-kit.ts";
import type { DesktopCore } from "./desktop-core.ts";
import { desktopRouter } from "./desktop-router.ts";

/** The Report screen and the job editor's rating: online reads relayed to the server. */
const getDb = perFileDatabase();
const dir = mkdtempSync(join(tmpdir(), "traveler-report-"));
let api: Awaited<ReturnType<typeof startApiTestServer>>;
let adminCore: DesktopCore;
let staffCore: DesktopCore;
let jobNumber = "";

const signedIn = (username: string) => signedInCore(api.url(), dir, username);

beforeAll(async () => {
  api = await startApiTestServer(getDb());
  const admin = await createStaff(getDb(), api.services, "boss", "admin");
  await createStaff(getDb(), api.services, "desk");
  const { customer } = await admin.caller.staff.customers.create({
    name: "Quayside Graphics",
    email: "hello@quayside.test",
  });
  const { job } = await admin.caller.staff.jobs.create({ customerId: customer.id, title: "Sign" });
  jobNumber = job.jobNumber;
  await admin.caller.staff.jobs.setStatus({
    jobNumber,
    status: "completed",
    visibleToCustomer: false,
  });
  const row = await getDb()
    .db.selectFrom("jobs")
    .select("id")
    .where("job_number", "=", jobNumber)
    .executeTakeFirstOrThrow();
  await getDb()
    .db.insertInto("job_ratings")
    .values({
      job_id: row.id,
      customer_id: customer.id,
      rating: 4,
      comment: "Good",
      source: "portal",
    })
    .execute();
  adminCore = await signedIn("boss");
  staffCore = await signedIn("desk");
});

afterAll(async () => {
  adminCore?.close();
  staffCore?.close();
  await api?.close();
});

describe("report and rating reads through the desktop router", () => {
  it("gives an admin the metrics for a period, with today's rating counted", async () => {
    const router = desktopRouter.createCaller({ core: adminCore });
    const today = new Date().toISOString().slice(0, 10);
    const report = (await router.server.query({
      path: "staff.reports.metrics",
      input: { from: "2020-01-01", to: today },
    })) as { satisfaction: { count: number; of: number; share: number | null } };
    expect(report.satisfaction).toMatchObject({ count: 1, of: 1, share: 1 });
  });

  it("refuses the metrics to staff who are not admins, and a bad period to anyone", async () => {
    const staff = desktopRouter.createCaller({ core: staffCore });
    await expect(
      staff.server.query({
        path: "staff.reports.metrics",
        input: { from: "2026-01-01", to: "2026-01-31" },
      }),
    ).rejects.toThrow("Only administrators can do this.");
    const admin = desktopRouter.createCaller({ core: adminCore });
    await expect(
      admin.server.query({
        path: "staff.reports.metrics",
        input: { from: "2026-02-01", to: "2026-01-01" },
      }),
    ).rejects.toThrow("The start date must not be after the end date.");
  });

  it("shows any staff member a job's rating", async () => {
    const router = desktopRouter.createCaller({ core: staffCore });
    const result = (await router.server.query({
      path: "feedback.forJob",
      input: { jobNumber },
    })) as {
      rating: { rating: number; comment: string; source: string } | null;
    };
    expect(result.rating).toMatchObject({ rating: 4, comment: "Good", source: "portal" });
  });
});
