import { useTestDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../clock.ts";
import { getDevMail, listDevMail } from "./dev-mail.ts";
import { queueJobUpdateEmail } from "./queue-job-update.ts";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.ts";
import { insertCustomer, insertJob, postStatus } from "./test-fixtures.ts";
import { verifyUnsubscribeToken } from "./unsubscribe-token.ts";
import { type EmailWorkerOptions, startEmailWorker } from "./worker.ts";

const database = useTestDatabase();
let sink: SmtpSink;
const SIGNING_KEY = "job-update-test-key";
const SECRET_SHOP_NOTE = "SHOP-ONLY-7d1f";
const SECRET_HISTORY_NOTE = "INTERNAL-ONLY-3a9c";

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
    mailFrom: "portal@northside.example",
    pollMs: 60_000,
    publicUrl: "https://portal.example",
    signingKey: SIGNING_KEY,
    coalesceWindowMs: 0,
    ...overrides,
  };
}

async function deliverAll(overrides: Partial<EmailWorkerOptions> = {}) {
  const worker = startEmailWorker(workerOptions(overrides));
  try {
    return await worker.runOnce();
  } finally {
    await worker.stop();
  }
}

describe("job update emails", () => {
  it("send one email per change for 'all', only milestones for 'milestones', none for 'none'", async () => {
    const db = database().db;
    const all = await insertCustomer(db, { preference: "all" });
    const milestones = await insertCustomer(db, { preference: "milestones" });
    const none = await insertCustomer(db, { preference: "none" });
    const jobs = {
      all: await insertJob(db, all.id),
      milestones: await insertJob(db, milestones.id),
      none: await insertJob(db, none.id),
    };
    const customers = { all, milestones, none };

    for (const key of ["all", "milestones", "none"] as const) {
      await postStatus(db, jobs[key], customers[key].id, {
        status: "in_progress",
        note: "Started",
      });
    }
    await deliverAll();
    expect(sink.messages.map((m) => m.to[0])).toEqual([all.email]);

    for (const key of ["all", "milestones", "none"] as const) {
      await postStatus(db, jobs[key], customers[key].id, {
        status: "ready_for_pickup",
        note: "Come by any time",
      });
    }
    await deliverAll();
    expect(sink.messages.map((m) => m.to[0])).toEqual([all.email, all.email, milestones.email]);
    const ready = sink.messages[2]!;
    expect(ready.subject).toBe(`${jobs.milestones.jobNumber} is ready for pickup`);
    expect(ready.text).toContain("Status: Ready for pickup");
    expect(ready.text).toContain("Note: Come by any time");
    expect(ready.text).toContain(
      `https://portal.example/customer/job/${jobs.milestones.jobNumber}`,
    );
  });

  it("reports the new status, note, estimated completion and job link, with the shop contact", async () => {
    const db = database().db;
    await db
      .updateTable("shop_settings")
      .set({
        shop_name: "Northside Print & Sign",
        phone: "+1 555 0142",
        email: "hello@northside.example",
      })
      .execute();
    const customer = await insertCustomer(db, { name: "Maria Chen" });
    const job = await insertJob(db, customer.id, {
      title: "Bakery window vinyl",
      estimatedCompletion: "2026-01-30",
    });
    await postStatus(db, job, customer.id, {
      status: "quality_check",
      note: "Colours checked <ok>",
    });
    await deliverAll();

    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail.subject).toBe(`Update on ${job.jobNumber}: Quality check`);
    expect(mail.text).toContain("Hello Maria Chen,");
    expect(mail.text).toContain("Estimated completion: Fri 30 Jan 2026");
    expect(mail.text).toContain("Northside Print & Sign");
    expect(mail.text).toContain("Phone: +1 555 0142");
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain("Colours checked &lt;ok&gt;");
    expect(mail.html).toContain("Northside Print &amp; Sign");
    expect(mail.html).toContain(`>View job ${job.jobNumber}</a>`);
    expect(mail.html).toContain(`href="https://portal.example/customer/job/${job.jobNumber}"`);
  });

  it("never puts internal notes or shop notes in an email", async () => {
    const db = database().db;
    const customer = await insertCustomer(db);
    const job = await insertJob(db, customer.id, { shopNotes: SECRET_SHOP_NOTE });
    // An internal-only change: staff do not call the email at all, but even if they did...
    await postStatus(db, job, customer.id, {
      status: "in_progress",
      note: SECRET_HISTORY_NOTE,
      visibleToCustomer: false,
    });
    await db
      .transaction()
      .execute((trx) => queueJobUpdateEmail(trx, { customerId: customer.id, jobId: job.id }));
    expect(await db.selectFrom("email_outbox").select("id").execute()).toHaveLength(0);

    await postStatus(db, job, customer.id, { status: "quality_check", note: "Looks great" });
    await postStatus(db, job, customer.id, {
      status: "quality_check",
      note: SECRET_HISTORY_NOTE,
      visibleToCustomer: false,
    });
    await deliverAll();
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail.text).toContain("Looks great");
    for (const part of [mail.raw, mail.text, mail.html]) {
      expect(part).not.toContain(SECRET_HISTORY_NOTE);
      expect(part).not.toContain(SECRET_SHOP_NOTE);
    }
  });

  it("a rolled-back status change sends nothing", async () => {
    const db = database().db;
    const customer = await insertCustomer(db);
    const job = await insertJob(db, customer.id);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto("job_status_history")
          .values({ job_id: job.id, status: "completed", notes: "Done" })
          .execute();
        await queueJobUpdateEmail(trx, { customerId: customer.id, jobId: job.id });
        throw new Error("the rest of the change failed");
      }),
    ).rejects.toThrow("the rest of the change failed");
    expect(await db.selectFrom("email_outbox").select("id").execute()).toHaveLength(0);
    expect(await deliverAll()).toMatchObject({ sent: 0 });
    expect(sink.messages).toHaveLength(0);
  });

  it("merges updates to one customer within the window into one email", async () => {
    const db = database().db;
    const customer = await insertCustomer(db);
    const other = await insertCustomer(db);
    const first = await insertJob(db, customer.id, { title: "Banner" });
    const second = await insertJob(db, customer.id, { title: "Flyers" });
    const otherJob = await insertJob(db, other.id);
    await postStatus(db, first, customer.id, {
      status: "in_progress",
      note: "Printing the banner",
    });
    await postStatus(db, second, customer.id, {
      status: "quality_check",
      note: "Checking the flyers",
    });
    await postStatus(db, otherJob, other.id, { status: "in_progress", note: "Other customer" });

    const clock = manualClock(new Date());
    const window = 5 * 60_000;
    // Inside the window: held back, still open for more updates.
    expect(await deliverAll({ clock, coalesceWindowMs: window })).toMatchObject({ sent: 0 });
    await postStatus(db, first, customer.id, {
      status: "quality_check",
      note: "Banner looks right",
    });
    expect(
      await db
        .selectFrom("email_outbox")
        .select("id")
        .where("customer_id", "=", customer.id)
        .execute(),
    ).toHaveLength(1);

    clock.advance(window + 1000);
    expect(await deliverAll({ clock, coalesceWindowMs: window })).toMatchObject({ sent: 2 });
    const mine = sink.messages.filter((m) => m.to[0] === customer.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toMatch(/^3 updates on your jobs at /);
    for (const note of ["Printing the banner", "Checking the flyers", "Banner looks right"]) {
      expect(mine[0]!.text).toContain(note);
    }
    expect(mine[0]!.text).not.toContain("Other customer");

    // After it went out, the next update starts a new email.
    await postStatus(db, second, customer.id, { status: "ready_for_pickup", note: "Ready" });
    clock.advance(window + 1000);
    await deliverAll({ clock, coalesceWindowMs: window });
    expect(sink.messages.filter((m) => m.to[0] === customer.email)).toHaveLength(2);
  });

  it("carries one-click unsubscribe headers with a link signed for this customer", async () => {
    const db = database().db;
    const customer = await insertCustomer(db);
    const job = await insertJob(db, customer.id);
    await postStatus(db, job, customer.id, { status: "in_progress" });
    await deliverAll();
    const mail = sink.messages[0]!;
    expect(mail.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const url = /^<(https:\/\/portal\.example\/unsubscribe\/([^>]+))>$/.exec(
      mail.headers.get("list-unsubscribe") ?? "",
    );
    expect(url).not.toBeNull();
    expect(verifyUnsubscribeToken(SIGNING_KEY, decodeURIComponent(url![2]!))).toBe(customer.id);
    expect(mail.html).toContain(">Unsubscribe from job update emails</a>");
    expect(mail.html).toContain('href="https://portal.example/customer/settings"');
    expect(mail.text).toContain("https://portal.example/customer/settings");
  });

  it("does not send an update queued before the customer opted out", async () => {
    const db = database().db;
    const customer = await insertCustomer(db);
    const job = await insertJob(db, customer.id);
    await postStatus(db, job, customer.id, { status: "in_progress" });
    await db
      .updateTable("customers")
      .set({ notify_preference: "none" })
      .where("id", "=", customer.id)
      .execute();
    expect(await deliverAll()).toMatchObject({ sent: 0, cancelled: 1 });
    expect(sink.messages).toHaveLength(0);
    const row = await db.selectFrom("email_outbox").select("status").executeTakeFirstOrThrow();
    expect(row.status).toBe("cancelled");
  });

  it("shows a queued job update on the development mail page as it would be sent", async () => {
    const db = database().db;
    const customer = await insertCustomer(db);
    const job = await insertJob(db, customer.id);
    await postStatus(db, job, customer.id, { status: "quality_check", note: "Nearly there" });
    const links = { publicUrl: "https://portal.example", signingKey: SIGNING_KEY };
    const [summary] = await listDevMail(db, links);
    expect(summary).toMatchObject({ kind: "job_update", status: "queued", to: customer.email });
    expect(summary!.subject).toBe(`Update on ${job.jobNumber}: Quality check`);
    const message = await getDevMail(db, summary!.id, links);
    expect(message?.text).toContain("Note: Nearly there");
    expect(message?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(await getDevMail(db, summary!.id + 1000, links)).toBeNull();
  });
});
