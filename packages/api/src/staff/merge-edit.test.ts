import http from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, createContextFromHeaders } from "../context.ts";
import { VersionConflictError } from "../errors.ts";
import { appRouter } from "../router.ts";
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
let myToken: string;
let colleague: Actor;
const tinyJpeg = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==",
  "base64",
);

beforeAll(async () => {
  fx = await seedFixture(kit.services(), tinyJpeg);
  ({ actor: me, token: myToken } = await sessionFor(kit.services(), {
    type: "staff",
    id: fx.staffId,
  }));
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

  it("a field sent with its starting value is no change of mine: no conflict, and the colleague's value stays", async () => {
    const job = await freshJob("Whole form");
    await callerAs(kit.services(), colleague).staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      patch: { title: "Renamed by a colleague" },
    });
    // A form that sends every field, only the notes changed.
    const out = await callerAs(kit.services(), me).staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      base: { title: "Whole form", shopNotes: "start" },
      patch: { title: "Whole form", shopNotes: "only this changed" },
    });
    expect(out.job).toMatchObject({
      title: "Renamed by a colleague",
      shopNotes: "only this changed",
    });
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

  it("eight editors changing their own fields in parallel with a status and a progress change lose nothing", async () => {
    const job = await freshJob("Parallel");
    const edits = {
      title: "Parallel, renamed",
      description: "A longer description",
      quantity: 250,
      specialInstructions: "Matte lamination",
      specifications: [{ name: "Stock", value: "100lb gloss" }],
      estimatedCompletion: "2031-03-01",
      customerNotes: "edited customerNotes",
      shopNotes: "edited shopNotes",
    } as const;
    const results = await Promise.allSettled([
      ...Object.entries(edits).map(([field, value], i) =>
        callerAs(kit.services(), i % 2 ? me : colleague).staff.jobs.update({
          jobNumber: job.jobNumber,
          version: job.version,
          base: { [field]: job[field as keyof typeof edits] },
          patch: { [field]: value },
        }),
      ),
      callerAs(kit.services(), colleague).staff.jobs.setStatus({
        jobNumber: job.jobNumber,
        status: "in_progress",
        visibleToCustomer: false,
      }),
      callerAs(kit.services(), me).staff.jobs.setProgress({
        jobNumber: job.jobNumber,
        progress: 30,
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill("fulfilled"));
    const { job: now } = await callerAs(kit.services(), me).staff.jobs.get({
      jobNumber: job.jobNumber,
    });
    // Whichever of setStatus and setProgress ran first, the progress is kept.
    expect(now).toMatchObject({
      ...edits,
      status: "in_progress",
      progress: 30,
      version: job.version + 10,
    });
  });

  it("over HTTP, a CONFLICT is a 409 whose data.conflict has the current row, its version and the fields", async () => {
    const job = await freshJob("Over HTTP");
    await callerAs(kit.services(), colleague).staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      patch: { shopNotes: "theirs over http" },
    });
    const handler = createHTTPHandler({
      router: appRouter,
      createContext: ({ req }) =>
        createContextFromHeaders(kit.services(), { authorization: req.headers.authorization }),
    });
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/staff.jobs.update`, {
        method: "POST",
        headers: { authorization: `Bearer ${myToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          jobNumber: job.jobNumber,
          version: job.version,
          base: { shopNotes: "start" },
          patch: { shopNotes: "mine over http" },
        }),
      });
      expect(response.status).toBe(409);
      const body = (await response.json()) as { error: { message: string; data: unknown } };
      const { job: now } = await callerAs(kit.services(), me).staff.jobs.get({
        jobNumber: job.jobNumber,
      });
      expect(body.error.data).toMatchObject({
        code: "CONFLICT",
        conflict: {
          currentVersion: job.version + 1,
          current: now,
          fields: [
            {
              field: "shopNotes",
              label: "Internal shop notes",
              base: "start",
              mine: "mine over http",
              theirs: "theirs over http",
            },
          ],
        },
      });
      expect(body.error.message).toContain("internal shop notes");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
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

describe("every staff write on a job or customer returns the row's new version (issue 9)", () => {
  async function versionIn(table: "jobs" | "customers" | "job_photos", id: number) {
    const row = await kit
      .database()
      .db.selectFrom(table)
      .select("version")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    return row.version;
  }

  it("jobs: update, status, progress, photos and delete", async () => {
    const staff = callerAs(kit.services(), me).staff;
    const job = await freshJob("Versions");
    expect(job.version).toBe(await versionIn("jobs", job.id));
    const steps = [
      () =>
        staff.jobs.update({
          jobNumber: job.jobNumber,
          version: job.version,
          base: { title: "Versions" },
          patch: { title: "Versions 2" },
        }),
      () =>
        staff.jobs.setStatus({
          jobNumber: job.jobNumber,
          status: "in_progress",
          visibleToCustomer: false,
        }),
      () => staff.jobs.setProgress({ jobNumber: job.jobNumber, progress: 40 }),
    ];
    let last = job.version;
    for (const step of steps) {
      const { job: after } = await step();
      expect(after.version).toBeGreaterThan(last);
      expect(after.version).toBe(await versionIn("jobs", job.id));
      last = after.version;
    }

    const added = await staff.jobs.photos.add({
      jobNumber: job.jobNumber,
      base64: tinyJpeg.toString("base64"),
    });
    expect(added.photo.version).toBe(await versionIn("job_photos", added.photo.id));
    const shown = await staff.jobs.photos.setVisibility({
      photoId: added.photo.id,
      visibleToCustomer: true,
    });
    expect(shown.photo.version).toBe(await versionIn("job_photos", added.photo.id));
    const removed = await staff.jobs.photos.remove({ photoId: added.photo.id });
    expect(removed.photo.version).toBeGreaterThan(shown.photo.version);
    expect(removed.photo.version).toBe(await versionIn("job_photos", added.photo.id));
    expect(removed.photo.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Photos are rows of their own: the job's version is what the last job write returned.
    expect(await versionIn("jobs", job.id)).toBe(last);

    const deleted = await staff.jobs.delete({ jobNumber: job.jobNumber });
    expect(deleted.job).toMatchObject({ id: job.id, jobNumber: job.jobNumber });
    expect(deleted.job.version).toBe(last + 1);
    expect(deleted.job.version).toBe(await versionIn("jobs", job.id));
  });

  it("customers: update, invite and portal access", async () => {
    const staff = callerAs(kit.services(), me).staff;
    const { customer } = await staff.customers.create({
      name: "Version Customer",
      email: "version.customer@example.test",
    });
    const steps = [
      () =>
        staff.customers.update({
          customerId: customer.id,
          version: customer.version,
          base: { phone: null },
          patch: { phone: "555-0142" },
        }),
      () => staff.customers.invite({ customerId: customer.id }),
      () => staff.customers.setPortalEnabled({ customerId: customer.id, enabled: false }),
      () => staff.customers.setPortalEnabled({ customerId: customer.id, enabled: true }),
    ];
    let last = customer.version;
    for (const step of steps) {
      const { customer: after } = await step();
      expect(after.version).toBeGreaterThan(last);
      expect(after.version).toBe(await versionIn("customers", customer.id));
      last = after.version;
    }
  });
});
