import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callerAs, type Fixture, seedFixture, useApiTestKit } from "../testing/api-test-kit.ts";
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
