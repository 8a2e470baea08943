import { useTestDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../clock.ts";
import { claimDueMessages } from "./outbox-claim.ts";
import { queueInviteEmail } from "./queue-account-email.ts";
import { freePort, type SmtpSink, startSmtpSink } from "./smtp-sink.ts";
import { insertCustomer } from "./test-fixtures.ts";
import {
  CLAIM_BATCH,
  type EmailLogger,
  type EmailWorkerOptions,
  LEASE_MS,
  startEmailWorker,
} from "./worker.ts";

const database = useTestDatabase();
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  sink.messages.length = 0;
  await database().db.deleteFrom("email_outbox").execute();
});

function workerOptions(overrides: Partial<EmailWorkerOptions> = {}): EmailWorkerOptions {
  return {
    db: database().db,
    smtpUrl: sink.url,
    mailFrom: "Northside Print <portal@northside.example>",
    pollMs: 60_000,
    publicUrl: "http://localhost:3000",
    signingKey: "test-signing-key",
    ...overrides,
  };
}

async function queueInvites(count: number): Promise<void> {
  const db = database().db;
  const customer = await insertCustomer(db, { name: "Maria Chen" });
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      await queueInviteEmail(trx, {
        customerId: customer.id,
        to: customer.email,
        customerName: customer.name,
        link: `http://localhost:3000/invite/token${i}`,
        expiresAt: new Date(Date.now() + 72 * 3600_000),
      });
    }
  });
}

async function statuses(): Promise<string[]> {
  const rows = await database()
    .db.selectFrom("email_outbox")
    .select("status")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.status);
}

describe("email worker", () => {
  it("sends a queued invitation once, with the link in the text and accessible HTML", async () => {
    await queueInvites(1);
    const worker = startEmailWorker(workerOptions());
    expect(await worker.runOnce()).toMatchObject({ sent: 1, failed: 0 });
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    await worker.stop();

    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail.subject).toBe("Your Our Shop customer portal invitation");
    expect(mail.text).toContain("http://localhost:3000/invite/token0");
    expect(mail.text).toMatch(
      /expires in 72 hours, on \w{3} \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2} [AP]M UTC/,
    );
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('role="presentation"');
    expect(mail.html).toContain(">Set your password</a>");
    expect(await statuses()).toEqual(["sent"]);
    const row = await database()
      .db.selectFrom("email_outbox")
      .select(["sent_at", "message_id", "attempts"])
      .executeTakeFirstOrThrow();
    expect(row.sent_at).not.toBeNull();
    expect(row.message_id).toMatch(/^<traveler-outbox-\d+@northside\.example>$/);
    expect(row.attempts).toBe(1);
  });

  it("without SMTP sends nothing, keeps messages queued and logs their links once", async () => {
    await queueInvites(2);
    const logged: string[] = [];
    const logger: EmailLogger = {
      info: (obj) => logged.push(JSON.stringify(obj)),
      warn() {},
      error() {},
    };
    const worker = startEmailWorker(workerOptions({ smtpUrl: undefined, logger }));
    await worker.runOnce();
    await worker.runOnce();
    await worker.stop();
    expect(sink.messages).toHaveLength(0);
    expect(await statuses()).toEqual(["queued", "queued"]);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain("http://localhost:3000/invite/token0");
  });

  it("keeps messages while SMTP is down and delivers them when it is back", async () => {
    await queueInvites(2);
    const port = await freePort();
    const clock = manualClock(new Date());
    const worker = startEmailWorker(
      workerOptions({ smtpUrl: `smtp://127.0.0.1:${port}`, clock, retryBaseMs: 60_000 }),
    );
    expect(await worker.runOnce()).toMatchObject({ sent: 0, failed: 2 });
    const failed = await database()
      .db.selectFrom("email_outbox")
      .select(["status", "last_error", "next_attempt_at"])
      .execute();
    expect(failed.every((r) => r.status === "failed" && r.last_error)).toBe(true);
    // Not due yet: backoff holds them back.
    expect(await worker.runOnce()).toMatchObject({ sent: 0, failed: 0 });

    const revived = await startSmtpSink({ port });
    try {
      clock.advance(61_000);
      expect(await worker.runOnce()).toMatchObject({ sent: 2 });
      expect(revived.messages).toHaveLength(2);
    } finally {
      await worker.stop();
      await revived.close();
    }
    expect(await statuses()).toEqual(["sent", "sent"]);
  });

  it("two workers running at the same time never send a message twice", async () => {
    await queueInvites(40);
    const a = startEmailWorker(workerOptions({ batchSize: 3 }));
    const b = startEmailWorker(workerOptions({ batchSize: 3 }));
    const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(ra.sent + rb.sent).toBe(40);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(sink.messages).toHaveLength(40);
    const links = sink.messages.map((m) => /invite\/(token\d+)/.exec(m.text)?.[1]);
    expect(new Set(links).size).toBe(40);
  });

  it("gives up after the last attempt and keeps the message as dead with its error", async () => {
    await queueInvites(1);
    const port = await freePort();
    const clock = manualClock(new Date());
    const worker = startEmailWorker(
      workerOptions({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        clock,
        maxAttempts: 3,
        retryBaseMs: 1000,
      }),
    );
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await worker.runOnce());
      clock.advance(10_000);
    }
    await worker.stop();
    expect(outcomes.map((o) => [o.failed, o.dead])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    const row = await database()
      .db.selectFrom("email_outbox")
      .select(["status", "attempts", "last_error"])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "dead", attempts: 3 });
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
  });

  it("takes over a crashed worker's message once its lease has passed", async () => {
    await queueInvites(1);
    const db = database().db;
    // A worker claims the row and dies before sending.
    const claimed = await claimDueMessages(db, {
      now: new Date(),
      leaseMs: 60_000,
      coalesceWindowMs: 0,
      limit: 10,
    });
    expect(claimed).toHaveLength(1);
    const clock = manualClock(new Date());
    const worker = startEmailWorker(workerOptions({ clock, leaseMs: 60_000 }));
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    clock.advance(61_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    await worker.stop();
    expect(sink.messages).toHaveLength(1);
    expect(await statuses()).toEqual(["sent"]);
  });

  it("after a crash, another worker retries the dead worker's few messages within a minute, same Message-ID", async () => {
    await queueInvites(5);
    const db = database().db;
    const start = new Date();
    // A worker with the default settings claims its batch and dies before sending.
    const claimed = await claimDueMessages(db, {
      now: start,
      leaseMs: LEASE_MS,
      coalesceWindowMs: 0,
      limit: CLAIM_BATCH,
    });
    expect(claimed).toHaveLength(3);
    const clock = manualClock(start);
    const worker = startEmailWorker(workerOptions({ clock }));
    // The other two were never claimed: sent at once.
    expect(await worker.runOnce()).toMatchObject({ sent: 2 });
    clock.advance(LEASE_MS + 1_000);
    expect(LEASE_MS + 1_000).toBeLessThan(60_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 3 });
    await worker.stop();
    expect(await statuses()).toEqual(["sent", "sent", "sent", "sent", "sent"]);
    const ids = claimed.map((m) => `<traveler-outbox-${m.id}@northside.example>`);
    const sentIds = sink.messages.map((m) => m.headers.get("message-id"));
    for (const id of ids) expect(sentIds).toContain(id);
  });
});
