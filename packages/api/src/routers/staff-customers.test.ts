import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import { hashToken } from "../sessions/session-token.ts";
import { resolveSession } from "../sessions/sessions.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  seedSignedInShop,
  sessionFor,
  TEST_PASSWORD,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;
let admin: Actor;

beforeAll(async () => {
  ({ fx, staff, admin } = await seedSignedInShop(kit.services(), "#000"));
});

/** The raw token of the newest invite/reset email (the link is the only place it exists). */
async function tokenFromOutbox(customerId: number, kind: "invite" | "reset") {
  const mail = await kit
    .database()
    .db.selectFrom("email_outbox")
    .select(["text_body"])
    .where("customer_id", "=", customerId)
    .where("kind", "=", kind)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const match = mail.text_body.match(/\/(invite|reset)\/([a-z2-7]{32})/);
  if (!match) throw new Error("no link in the email");
  return match[2]!;
}

describe("staff customers + one-time tokens", () => {
  it("creates a customer, invites them, and the invite link sets a password and signs in once", async () => {
    const s = callerAs(kit.services(), staff);
    const { customer } = await s.staff.customers.create({
      name: "Carol New",
      email: "Carol@Example.test",
      sendInvite: true,
    });
    expect(customer).toMatchObject({
      invitePending: true,
      hasPassword: false,
      portalEnabled: true,
    });
    const token = await tokenFromOutbox(customer.id, "invite");
    const stored = await kit
      .database()
      .db.selectFrom("customers")
      .select(["portal_login_token_hash", "portal_login_token_kind"])
      .where("id", "=", customer.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      portal_login_token_hash: hashToken(token),
      portal_login_token_kind: "invite",
    });

    const anon = callerAs(kit.services());
    expect(await anon.auth.checkToken({ token })).toEqual({
      valid: true,
      kind: "invite",
      name: "Carol New",
    });
    expect((await errorOf(anon.auth.redeemToken({ token, password: "short" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect(
      (await errorOf(anon.auth.redeemToken({ token, password: "password123" }))).message,
    ).toContain("too common");
    const signedIn = await anon.auth.redeemToken({ token, password: "carols-own-passphrase" });
    expect(signedIn.actor).toEqual({ type: "customer", name: "Carol New" });
    expect(await resolveSession(kit.services(), signedIn.token)).not.toBeNull();
    expect(await anon.auth.checkToken({ token })).toEqual({ valid: false });
    expect(
      (await errorOf(anon.auth.redeemToken({ token, password: "another-passphrase" }))).code,
    ).toBe("BAD_REQUEST");
    await anon.auth.login({
      kind: "customer",
      email: "carol@example.test",
      password: "carols-own-passphrase",
    });
  });

  it("a reset link expires after one hour", async () => {
    const anon = callerAs(kit.services());
    expect(await anon.auth.requestPasswordReset({ email: "nobody@example.test" })).toEqual({
      ok: true,
    });
    expect(await anon.auth.requestPasswordReset({ email: fx.customerB.email })).toEqual({
      ok: true,
    });
    const token = await tokenFromOutbox(fx.customerB.id, "reset");
    expect((await anon.auth.checkToken({ token })).kind).toBe("reset");
    kit.clock.advance(61 * 60_000);
    expect(await anon.auth.checkToken({ token })).toEqual({ valid: false });
  });

  it("refuses a second customer with the same email (any case)", async () => {
    const error = await errorOf(
      callerAs(kit.services(), staff).staff.customers.create({
        name: "Dup",
        email: "ALICE@example.test",
      }),
    );
    expect(error.code).toBe("CONFLICT");
  });

  it("finds customers by name, company, email or phone (written any way), paged", async () => {
    const s = callerAs(kit.services(), staff);
    const { customer } = await s.staff.customers.create({
      name: "Priya Findme",
      company: "Lantern Signs",
      email: "priya@lantern.test",
      phone: "(503) 555-0199",
    });
    for (const q of ["findme", "LANTERN", "priya@lant", "555-0199", "503 555 0199", "5035550199"]) {
      const found = await s.staff.customers.list({ q });
      expect(
        found.items.map((c) => c.id),
        q,
      ).toContain(customer.id);
    }
    const none = await s.staff.customers.list({ q: "503 555 0198" });
    expect(none.items.map((c) => c.id)).not.toContain(customer.id);
    // Paged: a one-row page of everyone still counts everyone.
    const page = await s.staff.customers.list({ limit: 1, page: 2 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
  });

  it("updates with a version check and records before/after in the audit log", async () => {
    const s = callerAs(kit.services(), staff);
    const { customer } = await s.staff.customers.get({ customerId: fx.customerB.id });
    const out = await s.staff.customers.update({
      customerId: customer.id,
      version: customer.version,
      patch: { phone: "+1 555 0100" },
    });
    expect(out.customer.phone).toBe("+1 555 0100");
    expect(
      (
        await errorOf(
          s.staff.customers.update({
            customerId: customer.id,
            version: customer.version,
            patch: { phone: "x" },
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    const audit = await kit
      .database()
      .db.selectFrom("audit_log")
      .select(["details", "actor_id"])
      .where("action", "=", "staff.customer.update")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actor_id: fx.staffId,
      details: { changes: { phone: { before: customer.phone, after: "+1 555 0100" } } },
    });
  });

  it("turning the portal off ends the customer's sessions and blocks login", async () => {
    const { token } = await sessionFor(kit.services(), { type: "customer", id: fx.customerA.id });
    await callerAs(kit.services(), staff).staff.customers.setPortalEnabled({
      customerId: fx.customerA.id,
      enabled: false,
    });
    expect(await resolveSession(kit.services(), token)).toBeNull();
    const login = await errorOf(
      callerAs(kit.services()).auth.login({
        kind: "customer",
        email: fx.customerA.email,
        password: TEST_PASSWORD,
      }),
    );
    expect(login.message).toBe("Email or password is incorrect.");
    await callerAs(kit.services(), staff).staff.customers.setPortalEnabled({
      customerId: fx.customerA.id,
      enabled: true,
    });
  });
});

describe("staff users, settings, audit, reports", () => {
  it("only admins manage users; an admin cannot deactivate themself", async () => {
    expect((await errorOf(callerAs(kit.services(), staff).staff.users.list())).code).toBe(
      "FORBIDDEN",
    );
    const a = callerAs(kit.services(), admin);
    expect((await errorOf(a.staff.users.deactivate({ staffId: fx.adminId }))).code).toBe(
      "BAD_REQUEST",
    );
    const { user } = await a.staff.users.create({
      username: "temp.worker",
      displayName: "Temp Worker",
      role: "staff",
      password: "temp-worker-passphrase",
    });
    const session = await sessionFor(kit.services(), { type: "staff", id: user.id });
    const owners = async () =>
      (await callerAs(kit.services(), staff).staff.users.directory()).items;
    // Any staff member reads who can own a job: names only, never usernames or emails.
    expect(await owners()).toContainEqual({ id: user.id, displayName: "Temp Worker" });
    expect(Object.keys((await owners())[0] ?? {}).sort()).toEqual(["displayName", "id"]);
    await a.staff.users.deactivate({ staffId: user.id });
    expect(await resolveSession(kit.services(), session.token)).toBeNull();
    expect((await owners()).map((u) => u.id)).not.toContain(user.id);
    expect(
      (
        await errorOf(
          a.staff.users.create({
            username: "TEMP.worker",
            displayName: "x",
            role: "staff",
            password: "another-long-pass",
          }),
        )
      ).code,
    ).toBe("CONFLICT");
  });

  it("staff read settings, only admins change them", async () => {
    const s = callerAs(kit.services(), staff);
    expect((await s.staff.settings.get()).photosEnabled).toBe(true);
    expect((await errorOf(s.staff.settings.update({ patch: { shopName: "X" } }))).code).toBe(
      "FORBIDDEN",
    );
    const out = await callerAs(kit.services(), admin).staff.settings.update({
      patch: { shopName: "Renamed Shop", customerIdleMinutes: 45 },
    });
    expect(out.settings).toMatchObject({ shopName: "Renamed Shop", customerIdleMinutes: 45 });
    expect(out.txid).toMatch(/^\d+$/);
    expect((await callerAs(kit.services()).auth.shop()).name).toBe("Renamed Shop");
  });

  it("the shop's currency: USD until set, an ISO 4217 code, a bad code is refused and changes nothing", async () => {
    const a = callerAs(kit.services(), admin);
    expect((await a.staff.settings.get()).currency).toBe("USD");
    expect((await callerAs(kit.services()).auth.shop()).currency).toBe("USD");
    for (const currency of ["", "US", "DOLLARS", "ZZZ", "U$D", "EUR\u0000"]) {
      const error = await errorOf(
        a.staff.settings.update({ patch: { currency, shopName: "Bad" } }),
      );
      expect(error.code).toBe("BAD_REQUEST");
    }
    expect(await a.staff.settings.get()).toMatchObject({ currency: "USD" });
    expect((await a.staff.settings.get()).shopName).not.toBe("Bad");
    // Typed in lower case, stored as the code.
    const out = await a.staff.settings.update({ patch: { currency: "eur" } });
    expect(out.settings.currency).toBe("EUR");
    expect((await callerAs(kit.services()).auth.shop()).currency).toBe("EUR");
    await a.staff.settings.update({ patch: { currency: "USD" } });
  });

  it("admins page through the audit log newest first", async () => {
    const a = callerAs(kit.services(), admin);
    const first = await a.staff.audit.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await a.staff.audit.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
    const settings = await a.staff.audit.list({ action: "staff.settings.update" });
    expect(settings.items[0]).toMatchObject({ actorType: "staff", actorName: "Ada Admin" });
  });

  it("reports portal adoption from last logins and the audit log", async () => {
    const out = await callerAs(kit.services(), staff).staff.reports.portalAdoption();
    expect(out.customers).toBeGreaterThanOrEqual(4);
    expect(out.active30).toBeGreaterThanOrEqual(1);
    expect(out.weeks).toHaveLength(12);
    expect(out.weeks.reduce((n, w) => n + w.logins, 0)).toBeGreaterThanOrEqual(1);
  });
});
