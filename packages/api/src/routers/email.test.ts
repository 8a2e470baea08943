import type { inferProcedureInput } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createUnsubscribeToken, emailSigningKey } from "../email/unsubscribe-token.ts";
import type { AppRouter } from "../router.ts";
import {
  callerAs,
  type Fixture,
  seedFixture,
  sessionFor,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const { services } = useApiTestKit();
let fixture: Fixture;

beforeAll(async () => {
  fixture = await seedFixture(services(), Buffer.from("not really a photo"));
});

async function as(subject: { type: "customer" | "staff"; id: number }) {
  const { actor, token } = await sessionFor(services(), subject);
  return callerAs(services(), actor, token);
}

async function preferenceOf(customerId: number): Promise<string> {
  const row = await services()
    .db.selectFrom("customers")
    .select("notify_preference")
    .where("id", "=", customerId)
    .executeTakeFirstOrThrow();
  return row.notify_preference;
}

async function queueRow(input: {
  customerId: number | null;
  status: "queued" | "sent" | "dead" | "failed";
  subject: string;
}) {
  const row = await services()
    .db.insertInto("email_outbox")
    .values({
      kind: "invite",
      customer_id: input.customerId,
      to_address: "someone@example.test",
      subject: input.subject,
      text_body: "text",
      html_body: "<p>html</p>",
      status: input.status,
      attempts: input.status === "dead" ? 8 : input.status === "failed" ? 2 : 0,
      last_error:
        input.status === "dead" || input.status === "failed" ? "connect ECONNREFUSED" : null,
      sent_at: input.status === "sent" ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("email.preference", () => {
  it("lets a signed-in customer read and change their notification preference", async () => {
    const alice = await as({ type: "customer", id: fixture.customerA.id });
    expect(await alice.email.preference.get()).toEqual({ preference: "all" });
    const input: inferProcedureInput<AppRouter["email"]["preference"]["set"]> = {
      preference: "milestones",
    };
    expect(await alice.email.preference.set(input)).toEqual({ preference: "milestones" });
    expect(await alice.email.preference.get()).toEqual({ preference: "milestones" });
    expect(await preferenceOf(fixture.customerA.id)).toBe("milestones");
    expect(await preferenceOf(fixture.customerB.id)).toBe("all");
    await alice.email.preference.set({ preference: "all" });
  });

  it("refuses anonymous callers and staff", async () => {
    await expect(callerAs(services()).email.preference.get()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const staff = await as({ type: "staff", id: fixture.staffId });
    await expect(staff.email.preference.set({ preference: "none" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("rejects an unknown preference with a clear message", async () => {
    const alice = await as({ type: "customer", id: fixture.customerA.id });
    await expect(
      // @ts-expect-error: not a preference
      alice.email.preference.set({ preference: "sometimes" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("email.unsubscribe", () => {
  it("switches the preference to none from a signed link, without a session", async () => {
    const token = createUnsubscribeToken(emailSigningKey(services().config), fixture.customerB.id);
    expect(await callerAs(services()).email.unsubscribe({ token })).toEqual({
      ok: true,
      preference: "none",
    });
    expect(await preferenceOf(fixture.customerB.id)).toBe("none");
    // Clicking twice is harmless.
    expect(await callerAs(services()).email.unsubscribe({ token })).toEqual({
      ok: true,
      preference: "none",
    });
    await services().db.updateTable("customers").set({ notify_preference: "all" }).execute();
  });

  it("rejects a tampered or forged token and changes nobody's preference", async () => {
    const key = emailSigningKey(services().config);
    const bobToken = createUnsubscribeToken(key, fixture.customerB.id);
    const [, , signature] = bobToken.split(".");
    const forged = [
      // Bob's signature with Alice's id.
      `u1.${fixture.customerA.id}.${signature}`,
      // One changed character in the signature.
      `${bobToken.slice(0, -1)}${bobToken.endsWith("A") ? "B" : "A"}`,
      // Signed with another key.
      createUnsubscribeToken("not-the-server-key", fixture.customerA.id),
      "garbage",
    ];
    for (const token of forged) {
      await expect(callerAs(services()).email.unsubscribe({ token })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("not valid"),
      });
    }
    expect(await preferenceOf(fixture.customerA.id)).toBe("all");
    expect(await preferenceOf(fixture.customerB.id)).toBe("all");
  });
});

describe("email.forCustomer and email.outbox", () => {
  it("shows staff what was sent to one customer and when", async () => {
    const sentId = await queueRow({
      customerId: fixture.customerA.id,
      status: "sent",
      subject: "Invite for A",
    });
    await queueRow({ customerId: fixture.customerB.id, status: "sent", subject: "Invite for B" });
    const staff = await as({ type: "staff", id: fixture.staffId });
    const { items } = await staff.email.forCustomer({ customerId: fixture.customerA.id });
    expect(items.map((i) => i.subject)).toEqual(["Invite for A"]);
    expect(items[0]).toMatchObject({ id: sentId, status: "sent" });
    expect(items[0]!.sentAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const alice = await as({ type: "customer", id: fixture.customerA.id });
    await expect(
      alice.email.forCustomer({ customerId: fixture.customerA.id }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("lets admins list the outbox by status and put a dead message back in the queue", async () => {
    const deadId = await queueRow({
      customerId: fixture.customerA.id,
      status: "dead",
      subject: "Undeliverable",
    });
    const admin = await as({ type: "staff", id: fixture.adminId });
    const dead = await admin.email.outbox.list({ status: "dead" });
    expect(dead.items.map((i) => i.id)).toEqual([deadId]);
    expect(dead.items[0]).toMatchObject({
      status: "dead",
      attempts: 8,
      lastError: "connect ECONNREFUSED",
    });
    expect(dead.counts.dead).toBe(1);

    expect(await admin.email.outbox.retry({ id: deadId })).toEqual({
      id: deadId,
      status: "queued",
    });
    const row = await services()
      .db.selectFrom("email_outbox")
      .select(["status", "attempts"])
      .where("id", "=", deadId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "queued", attempts: 0 });
    // Only failed or dead messages can be retried.
    await expect(admin.email.outbox.retry({ id: deadId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("pages through the outbox newest first", async () => {
    const admin = await as({ type: "staff", id: fixture.adminId });
    const first = await admin.email.outbox.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await admin.email.outbox.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
  });

  it("keeps the outbox from staff who are not admins", async () => {
    const staff = await as({ type: "staff", id: fixture.staffId });
    await expect(staff.email.outbox.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(staff.email.outbox.retry({ id: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
