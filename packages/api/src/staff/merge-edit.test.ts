import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import { VersionConflictError } from "../errors.ts";
import {
  callerAs,
  type Fixture,
  seedFixture,
  sessionFor,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const kit = useApiTestKit();
let fx: Fixture;
let me: Actor;
let colleague: Actor;
const tinyJpeg = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==",
  "base64",
);

beforeAll(async () => {
  fx = await seedFixture(kit.services(), tinyJpeg);
  me = (await sessionFor(kit.services(), { type: "staff", id: fx.staffId })).actor;
  colleague = (await sessionFor(kit.services(), { type: "staff", id: fx.adminId })).actor;
});

async function conflictOf(promise: Promise<unknown>): Promise<VersionConflictError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError) || error.code !== "CONFLICT") {
    throw new Error(`expected a CONFLICT, got ${String(error)}`);
  }
  if (!(error.cause instanceof VersionConflictError)) throw new Error("no conflict details");
  return error.cause;
}

async function freshJob(title: string) {
  const { job } = await callerAs(kit.services(), me).staff.jobs.create({
    customerId: fx.customerA.id,
    title,
    shopNotes: "start",
    customerNotes: "hello",
  });
  return job;
}

describe("per-field merge of edits (issue 9)", () => {
  it("a colleague's status change does not conflict with my notes edit sent with its base", async () => {
    const job = await freshJob("Status then notes");
    await callerAs(kit.services(), colleague).staff.jobs.setStatus({
      jobNumber: job.jobNumber,
      status: "in_progress",
      visibleToCustomer: true,
    });
    // My editor still holds the version it opened with.
    const out = await callerAs(kit.services(), me).staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      base: { shopNotes: "start" },
      patch: { shopNotes: "Use the 3M stock." },
    });
    expect(out.job).toMatchObject({ status: "in_progress", shopNotes: "Use the 3M stock." });
    expect(out.job.version).toBe(job.version + 2);
  });

  it("two editors changing different fields of one job both win", async () => {
    const job = await freshJob("Two editors");
    const [a, b] = await Promise.all([
      callerAs(kit.services(), me).staff.jobs.update({
        jobNumber: job.jobNumber,
        version: job.version,
        base: { shopNotes: "start" },
        patch: { shopNotes: "mine" },
      }),
      callerAs(kit.services(), colleague).staff.jobs.update({
        jobNumber: job.jobNumber,
        version: job.version,
        base: { customerNotes: "hello" },
        patch: { customerNotes: "theirs" },
      }),
    ]);
    expect([a.job.version, b.job.version].sort()).toEqual([job.version + 1, job.version + 2]);
    const { job: now } = await callerAs(kit.services(), me).staff.jobs.get({
      jobNumber: job.jobNumber,
    });
    expect(now).toMatchObject({ shopNotes: "mine", customerNotes: "theirs" });
  });

  it("the same field changed on both sides is one conflict naming it with base, mine and theirs", async () => {
    const job = await freshJob("Same field");
    await callerAs(kit.services(), colleague).staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      base: { shopNotes: "start", title: "Same field" },
      patch: { shopNotes: "theirs", title: "Renamed by a colleague" },
    });
    const conflict = await conflictOf(
      callerAs(kit.services(), me).staff.jobs.update({
        jobNumber: job.jobNumber,
        version: job.version,
        base: { shopNotes: "start", quantity: 1 },
        patch: { shopNotes: "mine", quantity: 5 },
      }),
    );
    expect(conflict.fields).toEqual([
      {
        field: "shopNotes",
        label: "Internal shop notes",
        base: "start",
        mine: "mine",
        theirs: "theirs",
      },
    ]);
    expect(conflict.message).toContain("internal shop notes");
    expect(conflict.toData().currentVersion).toBe(job.version + 1);
    // Nothing of the refused edit was applied (quantity did not conflict, but the edit is whole).
    const { job: now } = await callerAs(kit.services(), me).staff.jobs.get({
      jobNumber: job.jobNumber,
    });
    expect(now).toMatchObject({ shopNotes: "theirs", quantity: 1 });
  });

  it("the same value set on both sides is no conflict", async () => {
    const job = await freshJob("Same value");
    await callerAs(kit.services(), colleague).staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      patch: { estimatedCompletion: "2031-01-15" },
    });
    const out = await callerAs(kit.services(), me).staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      base: { estimatedCompletion: null },
      patch: { estimatedCompletion: "2031-01-15" },
    });
    expect(out.job.estimatedCompletion).toBe("2031-01-15");
  });

  it("without base the version must match (older consoles, plain forms)", async () => {
    const job = await freshJob("Version only");
    await callerAs(kit.services(), colleague).staff.jobs.setProgress({
      jobNumber: job.jobNumber,
      progress: 20,
    });
    const conflict = await conflictOf(
      callerAs(kit.services(), me).staff.jobs.update({
        jobNumber: job.jobNumber,
        version: job.version,
        patch: { shopNotes: "late" },
      }),
    );
    expect(conflict.fields.map((f) => [f.field, f.theirs])).toEqual([["shopNotes", "start"]]);
  });

  it("refuses a base that does not cover the patch (400, nothing written)", async () => {
    const job = await freshJob("Bad base");
    const error = await callerAs(kit.services(), me)
      .staff.jobs.update({
        jobNumber: job.jobNumber,
        version: job.version,
        base: { title: "Bad base" },
        patch: { shopNotes: "x" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("three editors changing their own fields of one job in parallel lose nothing", async () => {
    const job = await freshJob("Parallel");
    const fields = ["shopNotes", "customerNotes", "specialInstructions"] as const;
    const bases = { shopNotes: "start", customerNotes: "hello", specialInstructions: "" };
    const results = await Promise.allSettled(
      fields.map((field, i) =>
        callerAs(kit.services(), i % 2 ? me : colleague).staff.jobs.update({
          jobNumber: job.jobNumber,
          version: job.version,
          base: { [field]: bases[field] },
          patch: { [field]: `edited ${field}` },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const { job: now } = await callerAs(kit.services(), me).staff.jobs.get({
      jobNumber: job.jobNumber,
    });
    expect(now).toMatchObject({
      shopNotes: "edited shopNotes",
      customerNotes: "edited customerNotes",
      specialInstructions: "edited specialInstructions",
      version: job.version + 3,
    });
  });

  it("customers merge per field too: a phone edit and an address edit both win", async () => {
    const staffCaller = callerAs(kit.services(), me);
    const { customer } = await staffCaller.staff.customers.create({
      name: "Merge Customer",
      email: "merge.customer@example.test",
    });
    await Promise.all([
      staffCaller.staff.customers.update({
        customerId: customer.id,
        version: customer.version,
        base: { phone: null },
        patch: { phone: "555-0100" },
      }),
      callerAs(kit.services(), colleague).staff.customers.update({
        customerId: customer.id,
        version: customer.version,
        base: { address: null },
        patch: { address: "1 Main St\nSpringfield" },
      }),
    ]);
    const conflict = await conflictOf(
      staffCaller.staff.customers.update({
        customerId: customer.id,
        version: customer.version,
        base: { phone: null },
        patch: { phone: "555-0199" },
      }),
    );
    expect(conflict.fields).toEqual([
      { field: "phone", label: "Phone", base: null, mine: "555-0199", theirs: "555-0100" },
    ]);
  });
});
