import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callerAs,
  type Fixture,
  MARKERS,
  seedFixture,
  sessionFor,
  useApiTestKit,
} from "../testing/api-test-kit.ts";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.ts";
import { emailSigningKey } from "./unsubscribe-token.ts";
import { startEmailWorker } from "./worker.ts";

/** The staff procedures that cause email, through the worker to a real SMTP sink. */
const { services } = useApiTestKit();
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
    coalesceWindowMs: 0,
  });
  try {
    return (await worker.runOnce()).sent;
  } finally {
    await worker.stop();
  }
}

async function staff() {
  const { actor, token } = await sessionFor(services(), { type: "staff", id: fixture.staffId });
  return callerAs(services(), actor, token);
}

async function setPreference(customerId: number, preference: "all" | "milestones" | "none") {
  await services()
    .db.updateTable("customers")
    .set({ notify_preference: preference })
    .where("id", "=", customerId)
    .execute();
}

describe("emails caused by staff", () => {
  it("an invitation arrives with a link that sets the password and signs the customer in", async () => {
    const created = await (await staff()).staff.customers.create({
      name: "Nina New",
      email: "nina@example.test",
    });
    const customerId = (created as { customer: { id: number } }).customer.id;
    await (await staff()).staff.customers.invite({ customerId });
    expect(await deliver()).toBe(1);
    const mail = sink.messages[0]!;
    expect(mail.to).toEqual(["nina@example.test"]);
    expect(mail.text).toMatch(/expires in 72 hours, on /);
    const token = /http:\/\/portal\.test\/invite\/(\S+)/.exec(mail.text)?.[1];
    expect(token).toBeTruthy();
    const signedIn = await callerAs(services()).auth.redeemToken({
      token: token!,
      password: "nina's long new passphrase",
    });
    expect(signedIn.actor).toMatchObject({ type: "customer", name: "Nina New" });
  });

  it("a customer-visible status change sends one email per preference; internal notes none", async () => {
    const caller = await staff();
    // Customer A: all; customer B: milestones.
    await setPreference(fixture.customerA.id, "all");
    await setPreference(fixture.customerB.id, "milestones");
    await caller.staff.jobs.setStatus({
      jobNumber: fixture.customerA.jobNumber,
      status: "quality_check",
      note: "Proof approved, checking colours",
      visibleToCustomer: true,
    });
    await caller.staff.jobs.setStatus({
      jobNumber: fixture.customerB.jobNumber,
      status: "in_progress",
      note: "Started B",
      visibleToCustomer: true,
    });
    await caller.staff.jobs.setStatus({
      jobNumber: fixture.customerA.jobNumber,
      status: "quality_check",
      note: MARKERS.internalNote,
      visibleToCustomer: false,
    });
    expect(await deliver()).toBe(1);
    expect(sink.messages.map((m) => m.to[0])).toEqual([fixture.customerA.email]);
    expect(sink.messages[0]!.text).toContain("Proof approved, checking colours");

    await caller.staff.jobs.setStatus({
      jobNumber: fixture.customerB.jobNumber,
      status: "ready_for_pickup",
      note: "Ready at the front desk",
      visibleToCustomer: true,
    });
    await setPreference(fixture.customerA.id, "none");
    await caller.staff.jobs.setStatus({
      jobNumber: fixture.customerA.jobNumber,
      status: "ready_for_pickup",
      note: "A is ready",
      visibleToCustomer: true,
    });
    expect(await deliver()).toBe(1);
    expect(sink.messages.map((m) => m.to[0])).toEqual([
      fixture.customerA.email,
      fixture.customerB.email,
    ]);
    expect(sink.messages[1]!.subject).toBe(`${fixture.customerB.jobNumber} is ready for pickup`);

    for (const mail of sink.messages) {
      expect(mail.raw).not.toContain(MARKERS.internalNote);
      expect(mail.raw).not.toContain(MARKERS.shopNotes);
      expect(mail.text).not.toContain(MARKERS.internalNote);
      expect(mail.html).not.toContain(MARKERS.shopNotes);
    }
  });

  it("staff see those emails in the customer's email history", async () => {
    const history = await (await staff()).email.forCustomer({ customerId: fixture.customerB.id });
    expect(history.items[0]).toMatchObject({
      subject: `${fixture.customerB.jobNumber} is ready for pickup`,
      status: "sent",
    });
  });
});
