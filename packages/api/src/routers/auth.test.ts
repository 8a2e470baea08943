import { TRPCError } from "@trpc/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { passwordProblem } from "../auth/password-policy.ts";
import {
  callerAs,
  type Fixture,
  seedFixture,
  sessionFor,
  TEST_PASSWORD,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const kit = useApiTestKit();
let fx: Fixture;

beforeAll(async () => {
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#444" } })
    .jpeg()
    .toBuffer();
  fx = await seedFixture(kit.services(), photo);
});

async function resetMails(customerId: number): Promise<number> {
  const rows = await kit
    .database()
    .db.selectFrom("email_outbox")
    .select("id")
    .where("customer_id", "=", customerId)
    .where("kind", "=", "reset")
    .execute();
  return rows.length;
}

describe("auth", () => {
  it("me says who is signed in, or nobody", async () => {
    expect(await callerAs(kit.services()).auth.me()).toEqual({ actor: null });
    const { actor } = await sessionFor(kit.services(), { type: "customer", id: fx.customerA.id });
    const me = await callerAs(kit.services(), actor).auth.me();
    expect(me).toMatchObject({
      actor: { type: "customer", name: "Alice A", email: fx.customerA.email },
    });
  });

  it("password reset answers ok for everyone but mails only real customers with portal access", async () => {
    const anon = callerAs(kit.services(), undefined, undefined, "203.0.113.90");
    for (const email of ["ghost@example.test", "dora@example.test", "ALICE@example.test"]) {
      expect(await anon.auth.requestPasswordReset({ email })).toEqual({ ok: true });
    }
    expect(await resetMails(fx.disabledCustomerId)).toBe(0);
    expect(await resetMails(fx.customerA.id)).toBe(1);
  });

  it("a flood of resets for one address sends at most 3 an hour and still answers ok", async () => {
    const anon = callerAs(kit.services(), undefined, undefined, "203.0.113.91");
    for (let i = 0; i < 5; i++) {
      expect(await anon.auth.requestPasswordReset({ email: fx.customerB.email })).toEqual({
        ok: true,
      });
    }
    expect(await resetMails(fx.customerB.id)).toBe(3);
  });

  it("change password needs the current one and a strong new one", async () => {
    const { actor } = await sessionFor(kit.services(), { type: "staff", id: fx.staffId });
    const me = callerAs(kit.services(), actor);
    const wrong = await me.auth
      .changePassword({ currentPassword: "not-it-at-all", newPassword: "fine-new-passphrase" })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(TRPCError);
    expect((wrong as TRPCError).code).toBe("BAD_REQUEST");
    const weak = await me.auth
      .changePassword({ currentPassword: TEST_PASSWORD, newPassword: "qwerty123" })
      .catch((e: unknown) => e);
    expect((weak as TRPCError).message).toMatch(/at least 10|too common/);
  });

  it("the password policy refuses short, long and common passwords", () => {
    expect(passwordProblem("short")).toMatch(/at least 10/);
    expect(passwordProblem("x".repeat(257))).toMatch(/at most 256/);
    expect(passwordProblem("Password123")).toMatch(/too common/);
    expect(passwordProblem("aaaaaaaaaaaa")).not.toBeNull();
    expect(passwordProblem("lantern-orbit-meadow")).toBeNull();
  });

  it("the ALTCHA challenge is signed and expires", async () => {
    const challenge = await callerAs(kit.services()).auth.altchaChallenge();
    expect(challenge.signature).toMatch(/^[0-9a-f]+$/);
    expect(challenge.parameters.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });
});
