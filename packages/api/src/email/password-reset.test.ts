import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createContextFromHeaders } from "../context.ts";
import {
  callerAs,
  type Fixture,
  seedFixture,
  TEST_PASSWORD,
  useApiTestKit,
} from "../testing/api-test-kit.ts";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.ts";
import { emailSigningKey } from "./unsubscribe-token.ts";
import { startEmailWorker } from "./worker.ts";

/** The whole path: auth.requestPasswordReset → outbox → worker → SMTP sink → the emailed link. */
const { services, clock } = useApiTestKit();
let fixture: Fixture;
let sink: SmtpSink;

beforeAll(async () => {
  fixture = await seedFixture(services(), Buffer.from("photo"));
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => {
  sink.messages.length = 0;
});

async function deliver(): Promise<number> {
  const worker = startEmailWorker({
    db: services().db,
    smtpUrl: sink.url,
    mailFrom: "portal@shop.example",
    pollMs: 60_000,
    publicUrl: services().config.publicUrl,
    signingKey: emailSigningKey(services().config),
  });
  try {
    return (await worker.runOnce()).sent;
  } finally {
    await worker.stop();
  }
}

async function actorFor(token: string) {
  return (await createContextFromHeaders(services(), { authorization: `Bearer ${token}` })).actor;
}

function resetTokenFrom(text: string): string {
  const match = /http:\/\/portal\.test\/reset\/(\S+)/.exec(text);
  if (!match?.[1]) throw new Error(`no reset link in:\n${text}`);
  return match[1];
}

describe("password reset emails", () => {
  it("answers the same for an unknown address and sends no email", async () => {
    const anonymous = callerAs(services(), undefined, undefined, "198.51.100.7");
    expect(await anonymous.auth.requestPasswordReset({ email: "nobody@example.test" })).toEqual({
      ok: true,
    });
    expect(await deliver()).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });

  it("sends one email to a known address whose link works exactly once", async () => {
    const anonymous = callerAs(services(), undefined, undefined, "198.51.100.8");
    expect(await anonymous.auth.requestPasswordReset({ email: "ALICE@example.test" })).toEqual({
      ok: true,
    });
    expect(await deliver()).toBe(1);
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail.to).toEqual([fixture.customerA.email]);
    expect(mail.subject).toMatch(/^Reset your .* portal password$/);
    expect(mail.text).toMatch(/expires in 1 hour, on /);
    expect(mail.html).toContain(">Choose a new password</a>");

    const token = resetTokenFrom(mail.text);
    expect(await anonymous.auth.checkToken({ token })).toMatchObject({
      valid: true,
      kind: "reset",
    });
    const signedIn = await anonymous.auth.redeemToken({
      token,
      password: "a brand new passphrase 42",
    });
    expect(signedIn.actor).toMatchObject({ type: "customer", name: "Alice A" });
    await expect(
      anonymous.auth.redeemToken({ token, password: "another new passphrase 43" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await deliver()).toBe(0);
  });

  it("the emailed link stops working after it expires", async () => {
    const anonymous = callerAs(services(), undefined, undefined, "198.51.100.9");
    await anonymous.auth.requestPasswordReset({ email: fixture.customerB.email });
    expect(await deliver()).toBe(1);
    const token = resetTokenFrom(sink.messages[0]!.text);
    clock.advance(61 * 60_000);
    expect(await anonymous.auth.checkToken({ token })).toEqual({ valid: false });
    await expect(
      anonymous.auth.redeemToken({ token, password: "a brand new passphrase 44" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a flood of requests for an address from elsewhere cannot use up its owner's own request", async () => {
    await services().db.deleteFrom("email_outbox").execute();
    const flood = callerAs(services(), undefined, undefined, "203.0.113.66");
    for (let i = 0; i < 10; i++) {
      await flood.auth.requestPasswordReset({ email: fixture.customerA.email });
    }
    const owner = callerAs(services(), undefined, undefined, "198.51.100.200");
    await owner.auth.requestPasswordReset({ email: fixture.customerA.email });
    const rows = await services().db.selectFrom("email_outbox").select("id").execute();
    // The flooding requester got its few; the owner's request was queued all the same.
    expect(rows.length).toBe(4);
  });

  it("a reset link stops working once the password has been changed", async () => {
    const anonymous = callerAs(services(), undefined, undefined, "198.51.100.11");
    await anonymous.auth.requestPasswordReset({ email: fixture.customerB.email });
    expect(await deliver()).toBeGreaterThanOrEqual(1);
    const mail = sink.messages.filter((m) => m.to.includes(fixture.customerB.email)).at(-1)!;
    const token = resetTokenFrom(mail.text);
    expect(await anonymous.auth.checkToken({ token })).toMatchObject({ valid: true });
    // The owner remembers the password and changes it while signed in.
    const session = await anonymous.auth.login({
      kind: "customer",
      email: fixture.customerB.email,
      password: TEST_PASSWORD,
    });
    const owner = callerAs(services(), await actorFor(session.token), session.token);
    await owner.auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: "a changed passphrase 77",
    });
    expect(await anonymous.auth.checkToken({ token })).toEqual({ valid: false });
    await expect(
      anonymous.auth.redeemToken({ token, password: "attacker passphrase 78" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("stops emailing one address after a few requests but keeps answering ok", async () => {
    const anonymous = callerAs(services(), undefined, undefined, "198.51.100.10");
    await services().db.deleteFrom("email_outbox").execute();
    for (let i = 0; i < 6; i++) {
      expect(await anonymous.auth.requestPasswordReset({ email: "bob@example.test" })).toEqual({
        ok: true,
      });
    }
    const queued = await services().db.selectFrom("email_outbox").select("id").execute();
    expect(queued.length).toBeGreaterThanOrEqual(1);
    expect(queued.length).toBeLessThanOrEqual(3);
  });
});
