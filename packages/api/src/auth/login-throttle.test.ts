import { createDb } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { type Challenge, solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { sql } from "kysely";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { loginThrottleInfo } from "../errors.ts";
import { appRouter } from "../router.ts";
import {
  callerAs,
  type Fixture,
  seedFixture,
  TEST_PASSWORD,
  testPasswordHash,
  useApiTestKit,
} from "../testing/api-test-kit.ts";
import { failureDelayMs, humanCheckLevel, ipKey, LOGIN_POLICY } from "./login-throttle.ts";

const kit = useApiTestKit();
let fx: Fixture;

beforeAll(async () => {
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#111" } })
    .jpeg()
    .toBuffer();
  fx = await seedFixture(kit.services(), photo);
});

/** Solves a fresh challenge the way the browser widget does and encodes the payload like it. */
async function solvedAltcha(account?: { email: string }): Promise<string> {
  const challenge = (await callerAs(kit.services()).auth.altchaChallenge(
    account ? { kind: "customer", identifier: account.email } : undefined,
  )) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("could not solve the challenge");
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}

async function attempt(
  input: { email: string; password: string; altcha?: string },
  ip = "203.0.113.7",
): Promise<TRPCError | null> {
  return callerAs(kit.services(), undefined, undefined, ip)
    .auth.login({ kind: "customer", ...input })
    .then(
      () => null,
      (e: unknown) => {
        if (!(e instanceof TRPCError)) throw e;
        return e;
      },
    );
}

async function reasons(): Promise<string[]> {
  const rows = await kit
    .database()
    .db.selectFrom("audit_log")
    .select("details")
    .where("action", "=", "auth.login.failure")
    .orderBy("id")
    .execute();
  return rows.map((r) => String(r.details.reason));
}

async function passwordChecks(): Promise<number> {
  // A password check leaves exactly one row: a success, or a failure with a password-stage reason.
  const rows = await kit
    .database()
    .db.selectFrom("audit_log")
    .select(["action", "details"])
    .where("action", "in", ["auth.login.failure", "auth.login.success"])
    .execute();
  return rows.filter(
    (r) =>
      r.action === "auth.login.success" ||
      ["bad_password", "unknown_account", "portal_disabled", "inactive"].includes(
        String(r.details.reason),
      ),
  ).length;
}

describe("login throttling", () => {
  it("after 3 attempts the account needs the human check; a solved one lets the right password in and resets the count", async () => {
    const email = fx.customerA.email;
    for (let i = 0; i < LOGIN_POLICY.freeAttempts; i++) {
      expect((await attempt({ email, password: `wrong-${i}-password` }))?.code).toBe(
        "UNAUTHORIZED",
      );
    }
    const gated = await attempt({ email, password: TEST_PASSWORD });
    expect(gated?.code).toBe("BAD_REQUEST");
    expect(gated?.message).toBe("Please complete the human check.");
    expect(loginThrottleInfo(gated)).toEqual({ captchaRequired: true, retryAfterSeconds: null });
    expect(await attempt({ email, password: TEST_PASSWORD, altcha: "bogus" })).not.toBeNull();

    const altcha = await solvedAltcha({ email });
    expect(await attempt({ email, password: TEST_PASSWORD, altcha })).toBeNull();
    // The count was reset by the success: no check needed now.
    expect(await attempt({ email, password: TEST_PASSWORD })).toBeNull();
    expect(await reasons()).toEqual(expect.arrayContaining(["bad_password", "captcha_required"]));
  });

  it("a solved challenge cannot be replayed", async () => {
    const email = fx.customerB.email;
    for (let i = 0; i < LOGIN_POLICY.freeAttempts; i++) {
      await attempt({ email, password: "nope-nope-nope" });
    }
    const altcha = await solvedAltcha({ email });
    expect((await attempt({ email, password: "still-wrong-pw", altcha }))?.code).toBe(
      "UNAUTHORIZED",
    );
    const replay = await attempt({ email, password: TEST_PASSWORD, altcha });
    expect(loginThrottleInfo(replay).captchaRequired).toBe(true);
  });

  it("no one can lock the owner out: after 25 failures the right password with the (harder) human check still gets in", async () => {
    const email = "owner-under-attack@example.test";
    await kit
      .database()
      .db.insertInto("customers")
      .values({ name: "Owner", email, password_hash: await testPasswordHash() })
      .execute();
    for (let i = 0; i < 25; i++) {
      const altcha = i >= LOGIN_POLICY.freeAttempts ? await solvedAltcha({ email }) : undefined;
      const error = await attempt(
        { email, password: "attacker-guess", ...(altcha ? { altcha } : {}) },
        `198.51.100.${i}`,
      );
      expect(error?.code).toBe("UNAUTHORIZED");
    }
    // An easy challenge (made without naming the account) no longer passes...
    const easy = await attempt(
      { email, password: TEST_PASSWORD, altcha: await solvedAltcha() },
      "192.0.2.77",
    );
    expect(loginThrottleInfo(easy).captchaRequired).toBe(true);
    // ...but one of the level the account's attempts call for does, with the right password.
    expect(
      await attempt(
        { email, password: TEST_PASSWORD, altcha: await solvedAltcha({ email }) },
        "192.0.2.77",
      ),
    ).toBeNull();
  });

  it("60 parallel guesses for one account reach the password check at most the policy's number of times", async () => {
    const email = "parallel-target@example.test";
    const before = await passwordChecks();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        attempt({ email, password: `guess-${i}-password` }, `203.0.113.${100 + (i % 50)}`),
      ),
    );
    expect(results.every((r) => r !== null)).toBe(true);
    expect((await passwordChecks()) - before).toBeLessThanOrEqual(LOGIN_POLICY.freeAttempts);
  });

  it("the hard per-IP limit answers 429 with a retry time; a neighbour in the same IPv6 /64 shares it, others do not", async () => {
    const ip = "2001:db8:aaaa:1::17";
    for (let i = 0; i < LOGIN_POLICY.ipHourMax; i++) {
      await attempt({ email: `ip-limit-${i}@example.test`, password: "whatever-pass" }, ip);
    }
    const blocked = await attempt(
      { email: "ip-limit-next@example.test", password: "whatever-pass" },
      "2001:db8:aaaa:1:ffff::1",
    );
    expect(blocked?.code).toBe("TOO_MANY_REQUESTS");
    const { retryAfterSeconds } = loginThrottleInfo(blocked);
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(LOGIN_POLICY.ipHourSeconds);
    const elsewhere = await attempt(
      { email: "ip-limit-next@example.test", password: "whatever-pass" },
      "2001:db8:aaaa:2::1",
    );
    expect(elsewhere?.code).toBe("UNAUTHORIZED");
    // The HTTP error shape carries the retry time too.
    const shape = appRouter._def._config.errorFormatter({
      error: blocked!,
      type: "mutation",
      path: "auth.login",
      input: undefined,
      ctx: undefined,
      shape: {
        message: blocked!.message,
        code: -32029,
        data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 },
      },
    } as never) as { data: { retryAfterSeconds: number | null; captchaRequired: boolean } };
    expect(shape.data.retryAfterSeconds).toBe(retryAfterSeconds);
    expect(await reasons()).toContain("rate_limited");
  });

  it("10 attempts from one IP make every account from that IP show the check; other IPs are unaffected", async () => {
    const ip = "192.0.2.55";
    for (let i = 0; i < LOGIN_POLICY.ipCaptchaAfter; i++) {
      await attempt({ email: `spray-${i}@example.test`, password: "spray-password" }, ip);
    }
    const fromIp = await attempt(
      { email: "fresh-account@example.test", password: "whatever-pass" },
      ip,
    );
    expect(loginThrottleInfo(fromIp).captchaRequired).toBe(true);
    const elsewhere = await attempt(
      { email: "fresh-account@example.test", password: "whatever-pass" },
      "192.0.2.99",
    );
    expect(elsewhere?.code).toBe("UNAUTHORIZED");
  });

  it("a second server instance (its own pool) sees the first one's counters", async () => {
    const other = createDb({ connectionString: kit.database().connectionString, max: 2 });
    try {
      const instance2 = { ...kit.services(), db: other.db };
      const email = "shared-counter@example.test";
      for (let i = 0; i < LOGIN_POLICY.freeAttempts; i++) {
        await attempt({ email, password: "wrong-password" }, "192.0.2.200");
      }
      const error = await callerAs(instance2, undefined, undefined, "192.0.2.201")
        .auth.login({ kind: "customer", email, password: "wrong-password" })
        .catch((e: unknown) => e);
      expect(loginThrottleInfo(error).captchaRequired).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("stores counters in PostgreSQL, shared by every server instance", async () => {
    const { rows } = await sql<{ key: string }>`select key from rate_limits`.execute(
      kit.database().db,
    );
    expect(rows.map((r) => r.key)).toContain("login_account:customer:parallel-target@example.test");
  });

  it("escalates by difficulty and delay, and keys IPv6 by /64", () => {
    expect([1, 3, 4, 10, 11, 20, 21].map((n) => humanCheckLevel(n))).toEqual([
      0, 0, 1, 1, 4, 4, 20,
    ]);
    expect(humanCheckLevel(1, 11)).toBe(1);
    expect([3, 4, 5, 6, 9, 30].map(failureDelayMs)).toEqual([0, 250, 500, 1000, 4000, 4000]);
    expect(ipKey("2001:db8:aaaa:1::17")).toBe("2001:db8:aaaa:1::/64");
    expect(ipKey("2001:0db8:aaaa:0001:ffff:0:0:1")).toBe("2001:db8:aaaa:1::/64");
    expect(ipKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(ipKey("192.0.2.1")).toBe("192.0.2.1");
  });
});
