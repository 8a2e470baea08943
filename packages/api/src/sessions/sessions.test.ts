import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { createContextFromHeaders } from "../context.ts";
import {
  callerAs,
  type Fixture,
  seedFixture,
  TEST_PASSWORD,
  useApiTestKit,
} from "../testing/api-test-kit.ts";
import {
  serializeClearedSessionCookie,
  serializeSessionCookie,
  sessionCookieName,
} from "./session-cookie.ts";
import { hashToken } from "./session-token.ts";
import { resolveSession } from "./sessions.ts";

const kit = useApiTestKit({ customerIdleMinutes: 30, staffIdleMinutes: 720 });
let fx: Fixture;
const MIN = 60_000;

beforeAll(async () => {
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#888" } })
    .jpeg()
    .toBuffer();
  fx = await seedFixture(kit.services(), photo);
});

async function loginCustomer(email = "alice@example.test", password = TEST_PASSWORD) {
  return callerAs(kit.services()).auth.login({ kind: "customer", email, password });
}

describe("sessions", () => {
  it("stores only the SHA-256 of the token, never the token", async () => {
    const { token } = await loginCustomer();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const rows = await kit.database().db.selectFrom("sessions").select("id").execute();
    expect(rows.map((r) => r.id)).toContain(hashToken(token));
    expect(rows.map((r) => r.id)).not.toContain(token);
  });

  it("a customer session ends after 30 idle minutes but slides while used", async () => {
    const { token } = await loginCustomer();
    kit.clock.advance(20 * MIN);
    expect(await resolveSession(kit.services(), token)).not.toBeNull();
    kit.clock.advance(20 * MIN); // 40 min after login, 20 after the last use
    expect(await resolveSession(kit.services(), token)).not.toBeNull();
    kit.clock.advance(31 * MIN);
    expect(await resolveSession(kit.services(), token)).toBeNull();
    const left = await kit
      .database()
      .db.selectFrom("sessions")
      .select("id")
      .where("id", "=", hashToken(token))
      .execute();
    expect(left).toEqual([]);
  });

  it("a session ends at its absolute lifetime even when used constantly", async () => {
    const { token } = await callerAs(kit.services()).auth.login({
      kind: "staff",
      username: "sam",
      password: TEST_PASSWORD,
    });
    // Used every 11 hours (inside the 12 h staff idle timeout) for 29.5 days: still valid.
    for (let step = 0; step < 64; step++) {
      kit.clock.advance(11 * 60 * MIN);
      if (!(await resolveSession(kit.services(), token)))
        throw new Error(`ended early, step ${step}`);
    }
    kit.clock.advance(10 * 60 * MIN); // 714 h: used again, still valid
    expect(await resolveSession(kit.services(), token)).not.toBeNull();
    kit.clock.advance(8 * 60 * MIN); // 722 h: idle would allow it, the 720 h lifetime does not
    expect(await resolveSession(kit.services(), token)).toBeNull();
  });

  it("logout deletes the session row", async () => {
    const { token } = await loginCustomer();
    const ctx = await createContextFromHeaders(kit.services(), {
      authorization: `Bearer ${token}`,
    });
    expect(ctx.actor.type).toBe("customer");
    const caller = callerAs(kit.services(), ctx.actor, token);
    await expect(caller.auth.logout()).resolves.toEqual({ ok: true });
    expect(await resolveSession(kit.services(), token)).toBeNull();
  });

  it("a password change ends every other session of that account", async () => {
    const first = await loginCustomer();
    const second = await loginCustomer();
    const s = await resolveSession(kit.services(), first.token);
    await callerAs(kit.services(), s!.actor, first.token).auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: "a-brand-new-secret-42",
    });
    expect(await resolveSession(kit.services(), first.token)).not.toBeNull();
    expect(await resolveSession(kit.services(), second.token)).toBeNull();
    await expect(loginCustomer("alice@example.test", TEST_PASSWORD)).rejects.toThrow(
      "Email or password is incorrect.",
    );
    await loginCustomer("alice@example.test", "a-brand-new-secret-42");
  });

  it("disabling the portal ends the customer's sessions on their next request", async () => {
    const { token } = await loginCustomer("bob@example.test");
    await kit
      .database()
      .db.updateTable("customers")
      .set({ portal_enabled: false })
      .where("id", "=", fx.customerB.id)
      .execute();
    expect(await resolveSession(kit.services(), token)).toBeNull();
    await kit
      .database()
      .db.updateTable("customers")
      .set({ portal_enabled: true })
      .where("id", "=", fx.customerB.id)
      .execute();
  });

  it("reads the session from the cookie and ignores a garbage token", async () => {
    const { token } = await callerAs(kit.services()).auth.login({
      kind: "staff",
      username: "ADMIN",
      password: TEST_PASSWORD,
    });
    const https = {
      ...kit.services(),
      config: { ...kit.services().config, publicUrl: "https://shop.example" },
    };
    const ctx = await createContextFromHeaders(https, {
      cookieHeader: `other=1; ${sessionCookieName(true)}=${token}`,
    });
    expect(ctx.actor).toMatchObject({ type: "staff", role: "admin", username: "admin" });
    // Behind https only the __Host- cookie counts (a plain one could be planted over http).
    const planted = await createContextFromHeaders(https, {
      cookieHeader: `${sessionCookieName(false)}=${token}`,
    });
    expect(planted.actor.type).toBe("anonymous");
    const plainHttp = await createContextFromHeaders(kit.services(), {
      cookieHeader: `${sessionCookieName(false)}=${token}`,
    });
    expect(plainHttp.actor.type).toBe("staff");
    const anon = await createContextFromHeaders(kit.services(), {
      cookieHeader: "traveler_session=nope",
    });
    expect(anon.actor.type).toBe("anonymous");
    const me = await callerAs(kit.services(), ctx.actor).auth.me();
    expect(me).toMatchObject({ actor: { type: "staff", name: "Ada Admin", role: "admin" } });
  });

  it("serializes __Host- cookies with HttpOnly, Secure and SameSite=Lax", () => {
    const expires = new Date("2030-01-01T00:00:00Z");
    expect(serializeSessionCookie("tok", { secure: true, expires })).toBe(
      "__Host-traveler_session=tok; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Secure",
    );
    expect(serializeSessionCookie("tok", { secure: false, expires })).not.toContain("Secure");
    expect(serializeClearedSessionCookie({ secure: false })).toContain(
      "traveler_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    );
  });
});

describe("login", () => {
  it("gives one generic message for an unknown email, a wrong password and a disabled portal", async () => {
    const attempts = [
      { email: "nobody@example.test", password: TEST_PASSWORD },
      { email: "bob@example.test", password: "wrong-password-1" },
      { email: "dora@example.test", password: TEST_PASSWORD },
    ];
    for (const a of attempts) {
      const error = await callerAs(kit.services())
        .auth.login({ kind: "customer", ...a })
        .catch((e) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.message).toBe("Email or password is incorrect.");
    }
    const reasons = await kit
      .database()
      .db.selectFrom("audit_log")
      .select(["details"])
      .where("action", "=", "auth.login.failure")
      .execute();
    expect(reasons.map((r) => r.details.reason)).toEqual(
      expect.arrayContaining(["unknown_account", "bad_password", "portal_disabled"]),
    );
    expect(JSON.stringify(reasons)).not.toContain("wrong-password-1");
  });

  it("spends the same argon2 work on an unknown account as on a wrong password", async () => {
    const timed = async (email: string) => {
      // Fresh counters, so the throttle never short-cuts an attempt.
      await sql`delete from rate_limits`.execute(kit.database().db);
      const start = performance.now();
      await callerAs(kit.services())
        .auth.login({ kind: "customer", email, password: "not-the-password" })
        .catch(() => undefined);
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await timed(`ghost-${i}@example.test`));
      known.push(await timed("bob@example.test"));
    }
    // Without the dummy verification an unknown account answers several times faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
  });

  it("refuses a deactivated staff user with the generic staff message", async () => {
    await expect(
      callerAs(kit.services()).auth.login({
        kind: "staff",
        username: "gone",
        password: TEST_PASSWORD,
      }),
    ).rejects.toThrow("Username or password is incorrect.");
  });
});
