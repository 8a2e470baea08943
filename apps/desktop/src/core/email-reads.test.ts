import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff, startApiTestServer } from "../testing/api-test-server.ts";
import { signedInCore } from "../testing/console-test-kit.ts";
import { DesktopCore, memoryVault } from "./desktop-core.ts";
import { desktopRouter } from "./desktop-router.ts";

const getDb = perFileDatabase();
const dir = mkdtempSync(join(tmpdir(), "traveler-email-"));
let api: Awaited<ReturnType<typeof startApiTestServer>>;
let admin: Awaited<ReturnType<typeof createStaff>>;
let adminCore: DesktopCore;
let staffCore: DesktopCore;
let customerId = 0;

const signedIn = (username: string) => signedInCore(api.url(), dir, username);

beforeAll(async () => {
  api = await startApiTestServer(getDb());
  admin = await createStaff(getDb(), api.services, "boss", "admin");
  await createStaff(getDb(), api.services, "desk");
  const created = await admin.caller.staff.customers.create({
    name: "Quayside Graphics",
    email: "hello@quayside.test",
  });
  customerId = created.customer.id;
  await admin.caller.staff.customers.invite({ customerId });
  adminCore = await signedIn("boss");
  staffCore = await signedIn("desk");
});

afterAll(async () => {
  adminCore?.close();
  staffCore?.close();
  await api?.close();
});

describe("email reads and retry through the desktop router", () => {
  it("lists the invite email sent to a customer for any staff member", async () => {
    const router = desktopRouter.createCaller({ core: staffCore });
    const result = (await router.server.query({
      path: "email.forCustomer",
      input: { customerId },
    })) as { items: { kind: string; to: string; status: string; createdAt: string }[] };
    expect(result.items).toEqual([
      expect.objectContaining({ kind: "invite", to: "hello@quayside.test", status: "queued" }),
    ]);
    expect(new Date(result.items[0]!.createdAt).toISOString()).toBe(result.items[0]!.createdAt);
  });

  it("refuses the outbox to staff who are not admins", async () => {
    const router = desktopRouter.createCaller({ core: staffCore });
    await expect(router.server.query({ path: "email.outbox.list", input: {} })).rejects.toThrow(
      "Only administrators can do this.",
    );
  });

  it("shows a dead message with its error to an admin, and retry queues it again", async () => {
    await getDb()
      .db.updateTable("email_outbox")
      .set({ status: "dead", attempts: 5, last_error: "550 mailbox unavailable" })
      .where("customer_id", "=", customerId)
      .execute();
    const router = desktopRouter.createCaller({ core: adminCore });
    const dead = (await router.server.query({
      path: "email.outbox.list",
      input: { status: "dead" },
    })) as {
      items: { id: number; attempts: number; lastError: string | null; customerId: number }[];
      counts: Record<string, number>;
    };
    expect(dead.counts).toMatchObject({ dead: 1, queued: 0 });
    expect(dead.items).toEqual([
      expect.objectContaining({ customerId, attempts: 5, lastError: "550 mailbox unavailable" }),
    ]);

    const id = dead.items[0]!.id;
    expect(await router.server.mutate({ path: "email.outbox.retry", input: { id } })).toEqual({
      id,
      status: "queued",
    });
    const row = await getDb()
      .db.selectFrom("email_outbox")
      .select(["status", "attempts"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "queued", attempts: 0 });

    // A message that is not failed or dead cannot be retried; the server's message comes through.
    await expect(
      router.server.mutate({ path: "email.outbox.retry", input: { id } }),
    ).rejects.toThrow("No failed or dead message with that id.");
  });

  it("says the emails are unavailable when signed out instead of reaching the server", async () => {
    const core = new DesktopCore({ cacheFile: join(dir, "out.sqlite"), vault: memoryVault() });
    try {
      const router = desktopRouter.createCaller({ core });
      await expect(
        router.server.query({ path: "email.forCustomer", input: { customerId } }),
      ).rejects.toThrow("You are offline or signed out.");
    } finally {
      core.close();
    }
  });
});
