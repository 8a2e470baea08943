import { Readable } from "node:stream";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, createContextInner } from "../context.ts";
import { attachFileAsCustomer } from "../files/attach-job-file.ts";
import { markThreadRead } from "../messages/thread.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  MARKERS,
  seedSignedInShop,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

/** Messages on a job: both sides, unread counts, the inbox, emails, and what never leaks. */
const kit = useApiTestKit();
let fx: Fixture;
let alice: Actor;
let bob: Actor;
let staff: Actor;
const ALICE_MARKER = "ALICE-MESSAGE-MARKER-31d7";
const REPLY_MARKER = "SHOP-REPLY-MARKER-8e02";

beforeAll(async () => {
  ({ fx, staff, alice, bob } = await seedSignedInShop(kit.services(), "#446688"));
  await kit
    .database()
    .db.updateTable("shop_settings")
    .set({ email: "shop@example.test" })
    .execute();
});

async function outbox() {
  return kit
    .database()
    .db.selectFrom("email_outbox")
    .select(["kind", "to_address", "customer_id", "subject", "text_body", "html_body"])
    .orderBy("id")
    .execute();
}

describe("messages on a job", () => {
  it("a customer writes, the shop sees it waiting in the inbox and is emailed", async () => {
    const a = callerAs(kit.services(), alice);
    kit.clock.advance(60_000);
    const sent = await a.customer.messages.send({
      jobNumber: fx.customerA.jobNumber,
      body: `  When will it be ready? ${ALICE_MARKER}  `,
    });
    expect(sent.id).toBeGreaterThan(0);
    const inbox = await callerAs(kit.services(), staff).staff.messages.inbox();
    expect(inbox.unreadTotal).toBe(1);
    expect(inbox.threads).toHaveLength(1);
    expect(inbox.threads[0]).toMatchObject({
      jobNumber: fx.customerA.jobNumber,
      customerName: "Alice A",
      unread: 1,
      lastAuthor: "customer",
      lastBody: `When will it be ready? ${ALICE_MARKER}`,
    });
    expect(inbox.threads[0]!.waitingSince).not.toBeNull();
    const mail = (await outbox()).filter((m) => m.kind === "message_to_shop");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to_address).toBe("shop@example.test");
    expect(mail[0]!.text_body).toContain(`/admin/job/${fx.customerA.jobNumber}#messages`);
    expect(mail[0]!.text_body).toContain("reply on the portal");
  });

  it("staff reply (idempotently): the thread is answered, the customer is emailed, unread counts move", async () => {
    const s = callerAs(kit.services(), staff);
    kit.clock.advance(60_000);
    const input = {
      jobNumber: fx.customerA.jobNumber,
      body: `Friday. ${REPLY_MARKER}`,
      idempotencyKey: "reply-key-0001",
    };
    const first = await s.staff.messages.reply(input);
    const again = await s.staff.messages.reply(input);
    expect(again.id).toBe(first.id);
    const thread = await s.staff.messages.thread({ jobNumber: fx.customerA.jobNumber });
    expect(thread.messages.map((m) => m.author)).toEqual(["customer", "staff"]);
    expect(thread.messages[1]!.authorName).toBe("Sam Staff");
    expect(JSON.stringify(thread)).not.toContain(MARKERS.shopNotes);

    const inbox = await s.staff.messages.inbox();
    expect(inbox.threads).toEqual([]);
    expect(inbox.unreadTotal).toBe(0);
    expect((await s.staff.messages.inbox({ includeAnswered: true })).threads).toHaveLength(1);

    const a = callerAs(kit.services(), alice);
    expect(await a.customer.messages.unread()).toEqual({
      total: 1,
      byJob: [{ jobNumber: fx.customerA.jobNumber, unread: 1 }],
    });
    const read = await a.customer.messages.thread({ jobNumber: fx.customerA.jobNumber });
    expect(read.messages.map((m) => m.body)).toEqual([
      `When will it be ready? ${ALICE_MARKER}`,
      `Friday. ${REPLY_MARKER}`,
    ]);
    expect(JSON.stringify(read)).not.toContain(MARKERS.shopNotes);
    expect(JSON.stringify(read)).not.toContain(MARKERS.internalNote);
    expect((await a.customer.messages.unread()).total).toBe(0);

    const replies = (await outbox()).filter((m) => m.kind === "message_reply");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.to_address).toBe(fx.customerA.email);
    expect(replies[0]!.text_body).toContain(`/customer/job/${fx.customerA.jobNumber}#messages`);
    expect(replies[0]!.text_body).toContain("reply on the portal");
  });

  it("a customer with no emails chosen gets none; the message is still stored", async () => {
    const { db } = kit.database();
    await db
      .updateTable("customers")
      .set({ notify_preference: "none" })
      .where("id", "=", fx.customerB.id)
      .execute();
    const before = (await outbox()).length;
    await callerAs(kit.services(), staff).staff.messages.reply({
      jobNumber: fx.customerB.jobNumber,
      body: "Hello Bob",
    });
    expect((await outbox()).length).toBe(before);
    const bobThread = await callerAs(kit.services(), bob).customer.messages.thread({
      jobNumber: fx.customerB.jobNumber,
    });
    expect(bobThread.messages.map((m) => m.body)).toEqual(["Hello Bob"]);
  });

  it("a thread never reaches another customer, by any procedure", async () => {
    const b = callerAs(kit.services(), bob);
    expect(
      (await errorOf(b.customer.messages.thread({ jobNumber: fx.customerA.jobNumber }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await errorOf(b.customer.messages.send({ jobNumber: fx.customerA.jobNumber, body: "hi" })))
        .code,
    ).toBe("NOT_FOUND");
    const outputs = [
      await b.customer.messages.unread(),
      await b.customer.messages.thread({ jobNumber: fx.customerB.jobNumber }),
      await b.customer.dashboard(),
      await b.customer.job({ jobNumber: fx.customerB.jobNumber }),
      await b.customer.quotes.list(),
    ];
    const json = JSON.stringify(outputs);
    expect(json).not.toContain(ALICE_MARKER);
    expect(json).not.toContain(REPLY_MARKER);
    const toBob = (await outbox()).filter((m) => m.customer_id === fx.customerB.id);
    for (const m of toBob) {
      expect(`${m.subject}${m.text_body}${m.html_body}`).not.toContain(ALICE_MARKER);
      expect(`${m.subject}${m.text_body}${m.html_body}`).not.toContain(REPLY_MARKER);
    }
  });

  it("the oldest unanswered conversation comes first", async () => {
    const { db } = kit.database();
    const a = callerAs(kit.services(), alice);
    const b = callerAs(kit.services(), bob);
    kit.clock.advance(60_000);
    await b.customer.messages.send({ jobNumber: fx.customerB.jobNumber, body: "Bob asks first" });
    kit.clock.advance(60_000);
    await a.customer.messages.send({ jobNumber: fx.customerA.jobNumber, body: "Alice asks later" });
    kit.clock.advance(60_000);
    await b.customer.messages.send({ jobNumber: fx.customerB.jobNumber, body: "Bob again" });
    const inbox = await callerAs(kit.services(), staff).staff.messages.inbox();
    expect(inbox.threads.map((t) => t.jobNumber)).toEqual([
      fx.customerB.jobNumber,
      fx.customerA.jobNumber,
    ]);
    expect(inbox.threads[0]!.unread).toBe(2);
    expect(inbox.threads[0]!.lastBody).toBe("Bob again");
    const marked = await callerAs(kit.services(), staff).staff.messages.markRead({
      jobNumber: fx.customerB.jobNumber,
    });
    expect(marked.marked).toBe(2);
    // Read is not answered: still waiting, no longer unread.
    const after = await callerAs(kit.services(), staff).staff.messages.inbox();
    expect(after.threads[0]).toMatchObject({ jobNumber: fx.customerB.jobNumber, unread: 0 });
    const stored = await db
      .selectFrom("job_messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(6);
  });

  it("bad bodies are refused with 400 and store nothing", async () => {
    const { db } = kit.database();
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("job_messages")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const a = callerAs(kit.services(), alice);
    for (const body of ["", "   ", "x".repeat(5_001), "a\u0000b"]) {
      const error = await errorOf(
        a.customer.messages.send({ jobNumber: fx.customerA.jobNumber, body }),
      );
      expect(error.code).toBe("BAD_REQUEST");
    }
    // A lone surrogate is stored as U+FFFD, never a 500.
    await a.customer.messages.send({ jobNumber: fx.customerA.jobNumber, body: "odd \ud800" });
    const last = await db
      .selectFrom("job_messages")
      .select("body")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last.body).toBe("odd \ufffd");
    expect(await count()).toBe(before + 1);
  });

  it("parallel sends all land once each", async () => {
    const a = callerAs(kit.services(), alice);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        a.customer.messages.send({ jobNumber: fx.customerA.jobNumber, body: `parallel ${i}` }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(8);
    const thread = await a.customer.messages.thread({ jobNumber: fx.customerA.jobNumber });
    expect(thread.messages.filter((m) => m.body.startsWith("parallel "))).toHaveLength(8);
  });
});

describe("attachments", () => {
  async function upload(as: Actor, jobNumber: string, name: string) {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#123" } })
      .png()
      .toBuffer();
    const ctx = createContextInner({
      services: kit.services(),
      actor: as,
      request: { ip: null, userAgent: "vitest" },
    });
    const { file } = await attachFileAsCustomer(
      ctx as Parameters<typeof attachFileAsCustomer>[0],
      { jobNumber, fileName: name },
      Readable.from([png]),
    );
    return file.id;
  }

  it("a customer attaches their own upload; the other customer cannot attach it; staff attachments become visible", async () => {
    const fileId = await upload(alice, fx.customerA.jobNumber, "sketch.png");
    const a = callerAs(kit.services(), alice);
    const b = callerAs(kit.services(), bob);
    expect(
      (
        await errorOf(
          b.customer.messages.send({
            jobNumber: fx.customerB.jobNumber,
            body: "mine?",
            fileIds: [fileId],
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    await a.customer.messages.send({
      jobNumber: fx.customerA.jobNumber,
      body: "Here is the sketch",
      fileIds: [fileId],
    });
    // Once attached, never again.
    expect(
      (
        await errorOf(
          a.customer.messages.send({
            jobNumber: fx.customerA.jobNumber,
            body: "again",
            fileIds: [fileId],
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    const thread = await callerAs(kit.services(), staff).staff.messages.thread({
      jobNumber: fx.customerA.jobNumber,
    });
    const sent = thread.messages.find((m) => m.body === "Here is the sketch");
    expect(sent?.attachments).toEqual([
      { id: fileId, fileName: "sketch.png", byteSize: expect.any(Number) },
    ]);

    // A hidden staff file, attached to a reply, becomes visible to the customer.
    const { db } = kit.database();
    const hidden = await db
      .insertInto("job_files")
      .values({
        job_id: (
          await db
            .selectFrom("jobs")
            .select("id")
            .where("job_number", "=", fx.customerA.jobNumber)
            .executeTakeFirstOrThrow()
        ).id,
        storage_key: "k-hidden",
        file_name: "proof.pdf",
        content_type: "application/pdf",
        byte_size: 10,
        sha256: "0".repeat(64),
        visible_to_customer: false,
        uploaded_by_staff: fx.staffId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await callerAs(kit.services(), staff).staff.messages.reply({
      jobNumber: fx.customerA.jobNumber,
      body: "Proof attached",
      fileIds: [hidden.id],
    });
    const seen = await a.customer.messages.thread({ jobNumber: fx.customerA.jobNumber });
    expect(
      seen.messages.find((m) => m.body === "Proof attached")?.attachments.map((f) => f.fileName),
    ).toEqual(["proof.pdf"]);
  });

  it("reading a thread marks only what was shown, and writes nothing when nothing is new", async () => {
    const jobNumber = fx.customerA.jobNumber;
    const a = callerAs(kit.services(), alice);
    const s = callerAs(kit.services(), staff);
    const db = kit.database().db;
    await a.customer.messages.thread({ jobNumber });
    const unreadRows = () =>
      db
        .selectFrom("job_messages")
        .select(["id", "read_at"])
        .where("author_type", "=", "staff")
        .where("read_at", "is", null)
        .execute();
    expect(await unreadRows()).toEqual([]);
    // Nothing new: the view leaves every row as it was (no write, no change for the live feed).
    const versions = () =>
      db.selectFrom("job_messages").select(["id", "version"]).orderBy("id").execute();
    const before = await versions();
    await a.customer.messages.thread({ jobNumber });
    expect(await versions()).toEqual(before);

    // Two answers: the customer was shown the first; the second arrived after the page loaded.
    kit.clock.advance(60_000);
    await s.staff.messages.reply({
      jobNumber,
      body: "First answer",
      idempotencyKey: "reply-read-0001",
    });
    const shown = await a.customer.messages.thread({ jobNumber });
    const first = shown.messages.find((m) => m.body === "First answer")!;
    expect(first.readAt).toBeNull(); // shown as new on this page
    await s.staff.messages.reply({
      jobNumber,
      body: "Second answer",
      idempotencyKey: "reply-read-0002",
    });
    const job = await db
      .selectFrom("jobs")
      .select("id")
      .where("job_number", "=", jobNumber)
      .executeTakeFirstOrThrow();
    expect(await markThreadRead(db, job.id, "customer", kit.clock.now(), first.id)).toBe(0);
    const left = await unreadRows();
    expect(left).toHaveLength(1);
    const again = await a.customer.messages.thread({ jobNumber });
    expect(again.messages.find((m) => m.body === "Second answer")?.readAt).toBeNull();
    expect(await unreadRows()).toEqual([]);
  });

  it("the job page carries the thread as the thread procedure does, and marks the answer read", async () => {
    const jobNumber = fx.customerA.jobNumber;
    const a = callerAs(kit.services(), alice);
    kit.clock.advance(60_000);
    await callerAs(kit.services(), staff).staff.messages.reply({
      jobNumber,
      body: "Page answer",
      idempotencyKey: "reply-page-0001",
    });
    const page = await a.customer.jobPage({ jobNumber });
    // Shown as new on the page it arrived on, read from then on.
    expect(page.messages.find((m) => m.body === "Page answer")?.readAt).toBeNull();
    const thread = await a.customer.messages.thread({ jobNumber });
    expect(thread.messages.find((m) => m.body === "Page answer")?.readAt).not.toBeNull();
    const withoutReadAt = (list: typeof page.messages) => list.map(({ readAt: _, ...m }) => m);
    expect(withoutReadAt(page.messages)).toEqual(withoutReadAt(thread.messages));
    expect(page.messages.length).toBeGreaterThan(1);
  });

  it("the dashboard's notices are the unread counts and waiting proofs, each customer's own", async () => {
    const a = callerAs(kit.services(), alice);
    const b = callerAs(kit.services(), bob);
    kit.clock.advance(60_000);
    await callerAs(kit.services(), staff).staff.messages.reply({
      jobNumber: fx.customerA.jobNumber,
      body: "Notice answer",
      idempotencyKey: "reply-notice-0001",
    });
    const notices = await a.customer.notices();
    expect(notices).toEqual({
      unread: await a.customer.messages.unread(),
      proofsWaiting: await a.customer.proofs.waiting(),
    });
    expect(notices.unread.byJob).toContainEqual({ jobNumber: fx.customerA.jobNumber, unread: 1 });
    const theirs = await b.customer.notices();
    expect(JSON.stringify(theirs)).not.toContain(fx.customerA.jobNumber);
  });
});
