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
  useApiTestKit,
} from "../testing/api-test-kit.ts";
import { LOGIN_LIMITS } from "./login-throttle.ts";

const kit = useApiTestKit();
let fx: Fixture;

beforeAll(async () => {
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#111" } })
    .jpeg()
    .toBuffer();
  fx = await seedFixture(kit.services(), photo);
});

/** Solves a fresh challenge the way the browser widget does and encodes the payload like it. */
async function solvedAltcha(): Promise<string> {
  const challenge = (await callerAs(kit.services()).auth.altchaChallenge()) as Challenge;
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

describe("login throttling", () => {
  it("after 3 failures the account needs the human check; a solved one lets the right password in and resets the count", async () => {
    const email = fx.customerA.email;
    for (let i = 0; i < LOGIN_LIMITS.accountCaptchaAfter; i++) {
      expect((await attempt({ email, password: `wrong-${i}-password` }))?.code).toBe(
        "UNAUTHORIZED",
      );
    }
    const gated = await attempt({ email, password: TEST_PASSWORD });
    expect(gated?.code).toBe("BAD_REQUEST");
    expect(gated?.message).toBe("Please complete the human check.");
    expect(loginThrottleInfo(gated)).toEqual({ captchaRequired: true, retryAfterSeconds: null });
    expect(await attempt({ email, password: TEST_PASSWORD, altcha: "bogus" })).not.toBeNull();

    const altcha = await solvedAltcha();
    expect(await attempt({ email, password: TEST_PASSWORD, altcha })).toBeNull();
    // The count was reset by the success: no check needed now.
    expect(await attempt({ email, password: TEST_PASSWORD })).toBeNull();
    expect(await reasons()).toEqual(expect.arrayContaining(["bad_password", "captcha_required"]));
  });

  it("a solved challenge cannot be replayed", async () => {
    const email = fx.customerB.email;
    for (let i = 0; i < LOGIN_LIMITS.accountCaptchaAfter; i++) {
      await attempt({ email, password: "nope-nope-nope" });
    }
    const altcha = await solvedAltcha();
    expect((await attempt({ email, password: "still-wrong-pw", altcha }))?.code).toBe(
      "UNAUTHORIZED",
    );
    const replay = await attempt({ email, password: TEST_PASSWORD, altcha });
    expect(loginThrottleInfo(replay).captchaRequired).toBe(true);
  });

  it("beyond the hard limit the account gets 429 with a retry time, even with the right password", async () => {
    const email = "nobody-at-all@example.test";
    for (let i = 0; i < LOGIN_LIMITS.accountMax; i++) {
      const altcha = i >= LOGIN_LIMITS.accountCaptchaAfter ? await solvedAltcha() : undefined;
      const error = await attempt(
        { email, password: "wrong-password", ...(altcha ? { altcha } : {}) },
        "198.51.100.1",
      );
      expect(error?.code).toBe("UNAUTHORIZED");
    }
    const blocked = await attempt(
      { email, password: TEST_PASSWORD, altcha: await solvedAltcha() },
      "198.51.100.1",
    );
    expect(blocked?.code).toBe("TOO_MANY_REQUESTS");
    const { retryAfterSeconds } = loginThrottleInfo(blocked);
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(LOGIN_LIMITS.windowSeconds);
    // The HTTP error shape carries it too.
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

  it("10 failures from one IP make every account from that IP show the check; other IPs are unaffected", async () => {
    const ip = "192.0.2.55";
    for (let i = 0; i < LOGIN_LIMITS.ipCaptchaAfter; i++) {
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
      for (let i = 0; i < LOGIN_LIMITS.accountCaptchaAfter; i++) {
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
    expect(rows.map((r) => r.key)).toContain("login_account:customer:nobody-at-all@example.test");
  });
});
