import { createHash } from "node:crypto";
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import { pullChangeSummary } from "../sync/change-summary.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  MARKERS,
  seedSignedInShop,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

/** Issue 13: proofs — send, decide once, versions read-only, the status guard, the leak. */
const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;
let customerA: Actor;
let customerB: Actor;
const INTERNAL_FILE = "INTERNAL-FILE-PROOF-4d2a";

beforeAll(async () => {
  ({
    fx,
    staff,
    alice: customerA,
    bob: customerB,
  } = await seedSignedInShop(kit.services(), "#345678"));
});

const asStaff = () => callerAs(kit.services(), staff);
const asA = () => callerAs(kit.services(), customerA, undefined, "203.0.113.7");
const asB = () => callerAs(kit.services(), customerB);
const db = () => kit.database().db;

/** A job file row as the files feature stores it (bytes are not needed by proofs). */
async function addJobFile(jobNumber: string, fileName: string, visible = false): Promise<number> {
  const job = await db()
    .selectFrom("jobs")
    .select("id")
    .where("job_number", "=", jobNumber)
    .executeTakeFirstOrThrow();
  const sha256 = createHash("sha256").update(fileName).digest("hex");
  const row = await db()
    .insertInto("job_files")
    .values({
      job_id: job.id,
      storage_key: `test-${sha256.slice(0, 16)}`,
      file_name: fileName,
      content_type: "image/png",
      byte_size: 1234,
      sha256,
      caption: fileName,
      visible_to_customer: visible,
      uploaded_by_staff: fx.staffId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function newJob(title: string, customerId = fx.customerA.id): Promise<string> {
  const { job } = await asStaff().staff.jobs.create({ customerId, title });
  return job.jobNumber;
}

async function fileVisible(id: number): Promise<boolean> {
  const row = await db()
    .selectFrom("job_files")
    .select("visible_to_customer")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.visible_to_customer;
}

describe("the proof journey", () => {
  it("send → changes with pins → v2 → approve; every version stays, read-only", async () => {
    const jobNumber = await newJob("Shop sign");
    const art = await addJobFile(jobNumber, "sign-v1.png");
    const internal = await addJobFile(jobNumber, `${INTERNAL_FILE}.png`);

    const sent = await asStaff().staff.jobs.proofs.send({
      jobNumber,
      fileIds: [art],
      message: "Here is the first layout.",
    });
    expect(sent.proof).toMatchObject({ version: 1, state: "waiting" });
    expect(await fileVisible(art)).toBe(true);
    expect(await fileVisible(internal)).toBe(false);

    const waiting = await asA().customer.proofs.waiting();
    expect(waiting).toContainEqual({ jobNumber, title: "Shop sign", version: 1 });
    expect(await asB().customer.proofs.waiting()).not.toContainEqual(
      expect.objectContaining({ jobNumber }),
    );

    const changed = await asA().customer.proofs.requestChanges({
      jobNumber,
      version: 1,
      comment: "Make the logo bigger.",
      pins: [
        { fileId: art, x: 0.25, y: 0.5, note: "This logo" },
        { fileId: art, x: 1, y: 0 },
      ],
    });
    expect(changed).toEqual({ version: 1, state: "changes_requested" });

    // Decided once: neither a second change request nor an approval of v1 goes through.
    const again = await errorOf(
      asA().customer.proofs.approve({ jobNumber, version: 1, name: "Al" }),
    );
    expect(again.code).toBe("CONFLICT");

    const art2 = await addJobFile(jobNumber, "sign-v2.png");
    const v2 = await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [art2, art] });
    expect(v2.proof.version).toBe(2);

    const approved = await asA().customer.proofs.approve({
      jobNumber,
      version: 2,
      name: "  Alice A  ",
    });
    expect(approved).toEqual({ version: 2, state: "approved" });

    const list = await asA().customer.proofs.list({ jobNumber });
    expect(list.proofs.map((p) => [p.version, p.state])).toEqual([
      [2, "approved"],
      [1, "changes_requested"],
    ]);
    const [p2, p1] = list.proofs as [(typeof list.proofs)[0], (typeof list.proofs)[0]];
    expect(p2.files.map((f) => f.id)).toEqual([art2, art]);
    expect(p2.decision?.name).toBe("Alice A");
    expect(p2.decision?.approvedFiles).toEqual(
      p2.files.map((f) => ({ fileId: f.id, sha256: f.sha256 })),
    );
    expect(p1.message).toBe("Here is the first layout.");
    expect(p1.comments.map((c) => [c.body, c.pin?.number ?? null])).toEqual([
      ["Make the logo bigger.", null],
      ["This logo", 1],
      ["Pin 2", 2],
    ]);
    expect(p1.comments[1]?.pin).toEqual({ number: 1, fileId: art, x: 0.25, y: 0.5 });
    expect(JSON.stringify(list)).not.toContain(INTERNAL_FILE);
    const { events } = await asA().customer.proofs.timeline({ jobNumber });
    expect(events.filter((e) => e.type !== "status").map((e) => [e.type, e.version])).toEqual([
      ["proof_approved", 2],
      ["proof_sent", 2],
      ["proof_changes_requested", 1],
      ["proof_comment", 1],
      ["proof_comment", 1],
      ["proof_sent", 1],
    ]);
    expect((await errorOf(asB().customer.proofs.timeline({ jobNumber }))).code).toBe("NOT_FOUND");
    expect(JSON.stringify(list)).not.toContain("203.0.113.7");

    // Staff see where the decision came from.
    const staffView = await asStaff().staff.jobs.proofs.list({ jobNumber });
    expect(staffView.proofs[0]).toMatchObject({
      version: 2,
      decisionIp: "203.0.113.7",
      decisionUserAgent: "vitest",
    });
    const actions = await db()
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("target_id", "=", jobNumber)
      .where("action", "like", "%proof%")
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "staff.proof.send",
      "customer.proof.requestChanges",
      "staff.proof.send",
      "customer.proof.approve",
      "customer.proof.view",
    ]);
  });

  it("a newer version supersedes a waiting one, which can no longer be decided", async () => {
    const jobNumber = await newJob("Menu boards");
    const f = await addJobFile(jobNumber, "menu.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f], message: "Fixed a typo" });
    const old = await errorOf(asA().customer.proofs.approve({ jobNumber, version: 1, name: "A" }));
    expect(old.code).toBe("CONFLICT");
    expect(old.message).toMatch(/newer version/);
    const list = await asA().customer.proofs.list({ jobNumber });
    expect(list.proofs.map((p) => p.state)).toEqual(["waiting", "superseded"]);
  });

  it("emails the customer a link to the proof page, per their preference, without file names", async () => {
    const jobNumber = await newJob("Stickers");
    const f = await addJobFile(jobNumber, `${INTERNAL_FILE}-sent.png`);
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f], message: "Stickers v1" });
    const mail = await db()
      .selectFrom("email_outbox")
      .select(["to_address", "subject", "text_body", "html_body"])
      .where("kind", "=", "proof")
      .where("subject", "like", `%${jobNumber}%`)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to_address).toBe(fx.customerA.email);
    expect(mail[0]!.text_body).toContain(`http://portal.test/customer/job/${jobNumber}/proof`);
    expect(mail[0]!.text_body).toContain("Stickers v1");
    expect(`${mail[0]!.text_body}${mail[0]!.html_body}`).not.toContain(INTERNAL_FILE);

    await db()
      .updateTable("customers")
      .set({ notify_preference: "none" })
      .where("id", "=", fx.customerA.id)
      .execute();
    try {
      await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
      const count = await db()
        .selectFrom("email_outbox")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("kind", "=", "proof")
        .where("subject", "like", `%${jobNumber}%`)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    } finally {
      await db()
        .updateTable("customers")
        .set({ notify_preference: "all" })
        .where("id", "=", fx.customerA.id)
        .execute();
    }
  });

  it("tells the shop's own address about an answer, when the shop has one", async () => {
    const jobNumber = await newJob("Shop mail");
    const f = await addJobFile(jobNumber, "shop-mail.png");
    const answers = () =>
      db()
        .selectFrom("email_outbox")
        .select(["to_address", "subject", "text_body"])
        .where("kind", "=", "proof_answer")
        .where("subject", "like", `%${jobNumber}%`)
        .execute();
    await db().updateTable("shop_settings").set({ email: "" }).execute();
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    await asA().customer.proofs.requestChanges({ jobNumber, version: 1, comment: "Bigger" });
    expect(await answers()).toEqual([]);
    await db().updateTable("shop_settings").set({ email: "shop@example.test" }).execute();
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    await asA().customer.proofs.requestChanges({
      jobNumber,
      version: 2,
      comment: "Still bigger",
      pins: [{ fileId: f, x: 0.5, y: 0.5 }],
    });
    const [mail] = await answers();
    expect(mail).toMatchObject({ to_address: "shop@example.test" });
    expect(mail!.subject).toContain("asked for changes to proof 2");
    expect(mail!.text_body).toContain("Still bigger");
    expect(mail!.text_body).toContain(`http://portal.test/admin/job/${jobNumber}`);
  });

  it("refuses files of another job, and a repeated idempotency key sends once", async () => {
    const jobNumber = await newJob("Flyers");
    const other = await addJobFile(fx.customerB.jobNumber, `${MARKERS.customerBTitle}.png`);
    const refused = await errorOf(
      asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [other] }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(await fileVisible(other)).toBe(false);

    const f = await addJobFile(jobNumber, "flyer.png");
    const key = "proof-send-key-0001";
    const first = await asStaff().staff.jobs.proofs.send({
      jobNumber,
      fileIds: [f],
      idempotencyKey: key,
    });
    const second = await asStaff().staff.jobs.proofs.send({
      jobNumber,
      fileIds: [f],
      idempotencyKey: key,
    });
    expect(second).toEqual(first);
    const list = await asStaff().staff.jobs.proofs.list({ jobNumber });
    expect(list.proofs).toHaveLength(1);
  });
});

describe("the job's timeline", () => {
  const INTERNAL_NOTE = "INTERNAL-TIMELINE-NOTE-6b0e";
  const HIDDEN_LATER = "HIDDEN-AFTER-SENDING-3f9a";
  const minute = () => kit.clock.advance(60_000);

  /** One line per event, newest first, as a reader would tell it. */
  function story(events: { type: string; version?: number }[]): string[] {
    return events.map((e) => {
      const ev = e as Record<string, unknown>;
      switch (e.type) {
        case "status": {
          const entry = ev.entry as { status: string; notes: string };
          return `status ${entry.status}: ${entry.notes}`;
        }
        case "proof_sent":
          return `v${e.version} sent: ${(ev.files as { fileName: string }[]).map((f) => f.fileName).join(", ")}`;
        case "proof_comment":
          return `v${e.version} comment${ev.pin ? ` pin ${ev.pin}` : ""}: ${ev.body}`;
        case "proof_changes_requested":
          return `v${e.version} changes requested: ${ev.comment}`;
        case "proof_superseded":
          return `v${e.version} superseded by v${ev.by}`;
        case "proof_approved":
          return `v${e.version} approved by ${ev.name}: ${(ev.files as { fileName: string }[]).map((f) => f.fileName).join(", ")}`;
        default:
          return e.type;
      }
    });
  }

  it("interleaves status changes with every version's story, for both sides, newest first", async () => {
    const jobNumber = await newJob("Timeline sign");
    const v1 = await addJobFile(jobNumber, "tl-v1.png");
    const v2 = await addJobFile(jobNumber, "tl-v2.png");
    const v3 = await addJobFile(jobNumber, "tl-v3.png");
    const hiddenLater = await addJobFile(jobNumber, `${HIDDEN_LATER}.png`);
    minute();
    await asStaff().staff.jobs.setStatus({
      jobNumber,
      status: "not_started",
      visibleToCustomer: true,
      note: "Artwork received",
    });
    minute();
    await asStaff().staff.jobs.setStatus({
      jobNumber,
      status: "not_started",
      visibleToCustomer: false,
      note: INTERNAL_NOTE,
    });
    minute();
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [v1], message: "First layout" });
    minute();
    await asA().customer.proofs.requestChanges({
      jobNumber,
      version: 1,
      comment: "Make the logo bigger.",
      pins: [{ fileId: v1, x: 0.25, y: 0.5, note: "This logo" }],
    });
    minute();
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [v2], message: "Bigger logo" });
    minute();
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [v3, hiddenLater] });
    await asStaff().staff.jobs.files.setVisibility({
      fileId: hiddenLater,
      visibleToCustomer: false,
    });
    minute();
    await asA().customer.proofs.approve({ jobNumber, version: 3, name: "Alice Approver" });
    minute();
    await asStaff().staff.jobs.setStatus({
      jobNumber,
      status: "in_progress",
      visibleToCustomer: true,
      note: "Printing",
    });

    const customer = await asA().customer.proofs.timeline({ jobNumber });
    // The proof's story is the same on both sides, minus the file staff hid after sending.
    const proofStory = [
      "v3 approved by Alice Approver: tl-v3.png",
      "v2 superseded by v3",
      "v3 sent: tl-v3.png",
      "v2 sent: tl-v2.png",
      "v1 changes requested: Make the logo bigger.",
      "v1 comment pin 1: This logo",
      "v1 sent: tl-v1.png",
    ];
    expect(story(customer.events)).toEqual([
      "status in_progress: Printing",
      ...proofStory,
      "status not_started: Artwork received",
      "status not_started: Job created.",
    ]);
    expect(customer.waitingVersion).toBeNull();
    const approved = customer.events.find((e) => e.type === "proof_approved");
    expect(approved).toMatchObject({ at: expect.any(String), name: "Alice Approver" });
    const approvedFile = (approved as { files: { sha256: string }[] }).files[0]!;
    expect(approvedFile.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(customer.events.find((e) => e.type === "proof_sent" && e.version === 1)).toMatchObject({
      message: "First layout",
    });

    const staffSide = await asStaff().staff.jobs.proofs.timeline({ jobNumber });
    const staffStory = story(staffSide.events);
    expect(staffStory).toEqual([
      "status in_progress: Printing",
      `v3 approved by Alice Approver: tl-v3.png, ${HIDDEN_LATER}.png`,
      "v2 superseded by v3",
      `v3 sent: tl-v3.png, ${HIDDEN_LATER}.png`,
      "v2 sent: tl-v2.png",
      "v1 changes requested: Make the logo bigger.",
      "v1 comment pin 1: This logo",
      "v1 sent: tl-v1.png",
      `status not_started: ${INTERNAL_NOTE}`,
      "status not_started: Artwork received",
      "status not_started: Job created.",
    ]);
    expect(staffSide.events.find((e) => e.type === "proof_approved")).toMatchObject({
      ip: "203.0.113.7",
      userAgent: "vitest",
    });
    expect(staffSide.events.find((e) => e.type === "proof_sent")).toMatchObject({
      sentBy: "Sam Staff",
    });

    // Nothing internal or staff-only in the customer's timeline.
    const json = JSON.stringify(customer);
    for (const secret of [INTERNAL_NOTE, HIDDEN_LATER, "203.0.113.7", "Sam Staff", "userAgent"]) {
      expect(json).not.toContain(secret);
    }
  });

  it("shows a version waiting for the customer, and refuses another customer's job", async () => {
    const jobNumber = await newJob("Timeline waiting");
    const f = await addJobFile(jobNumber, "tl-wait.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    const timeline = await asA().customer.proofs.timeline({ jobNumber });
    expect(timeline.waitingVersion).toBe(1);
    const foreign = await errorOf(asB().customer.proofs.timeline({ jobNumber }));
    expect(foreign.code).toBe("NOT_FOUND");
    const malformed = await errorOf(asA().customer.proofs.timeline({ jobNumber: "x'; --" }));
    expect(malformed.code).toBe("BAD_REQUEST");
  });
});

describe("live feed", () => {
  it("a sent proof and the customer's answer name the job in the change feed", async () => {
    const jobNumber = await newJob("Live proof");
    const f = await addJobFile(jobNumber, "live.png");
    const snapshot = async () =>
      (await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(db())).rows[0]!.s;
    let since = await snapshot();
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    const sent = await pullChangeSummary(db(), since);
    expect(sent.batch?.jobs.map((j) => j.jobNumber)).toContain(jobNumber);
    expect(sent.batch?.tables).toEqual(expect.arrayContaining(["proofs", "proof_files"]));
    since = sent.snapshot;
    await asA().customer.proofs.approve({ jobNumber, version: 1, name: "Alice" });
    const answered = await pullChangeSummary(db(), since);
    expect(answered.batch?.jobs.map((j) => j.jobNumber)).toEqual([jobNumber]);
  });
});

describe("one decision per version", () => {
  it("approve and request-changes at once: exactly one wins, the other is a CONFLICT", async () => {
    for (let round = 0; round < 5; round++) {
      const jobNumber = await newJob(`Race ${round}`);
      const f = await addJobFile(jobNumber, `race-${round}.png`);
      await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
      const results = await Promise.allSettled([
        asA().customer.proofs.approve({ jobNumber, version: 1, name: "Alice" }),
        asA().customer.proofs.requestChanges({ jobNumber, version: 1, comment: "No" }),
        asA().customer.proofs.approve({ jobNumber, version: 1, name: "Alice again" }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect((r.reason as { code: string }).code).toBe("CONFLICT");
      }
      const { proofs } = await asA().customer.proofs.list({ jobNumber });
      const state = (won[0] as PromiseFulfilledResult<{ state: string }>).value.state;
      expect(proofs[0]!.state).toBe(state);
      // The loser wrote nothing: no comment unless the change request won.
      expect(proofs[0]!.comments.length).toBe(state === "changes_requested" ? 1 : 0);
    }
  });
});

describe("authorization and the cross-customer leak", () => {
  it("another customer can neither read nor decide a proof, and learns nothing from the error", async () => {
    const jobNumber = await newJob("Private banner");
    const f = await addJobFile(jobNumber, "private.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    for (const call of [
      () => asB().customer.proofs.list({ jobNumber }),
      () => asB().customer.proofs.approve({ jobNumber, version: 1, name: "Bob" }),
      () => asB().customer.proofs.requestChanges({ jobNumber, version: 1, comment: "x" }),
    ]) {
      const error = await errorOf(call());
      expect(error.code).toBe("NOT_FOUND");
    }
    const missing = await errorOf(asB().customer.proofs.list({ jobNumber: "J-2000-99999" }));
    expect(missing.message).toBe("Job not found.");
    const { proofs } = await asA().customer.proofs.list({ jobNumber });
    expect(proofs[0]!.state).toBe("waiting");
  });

  it("the fixture's internal file (marker in name, caption, bytes) never reaches a customer through proofs", async () => {
    const jobNumber = fx.customerA.jobNumber;
    const sent = await addJobFile(jobNumber, "shared-proof.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [sent], message: "v1" });
    await asA().customer.proofs.requestChanges({
      jobNumber,
      version: 1,
      comment: "Change it",
      pins: [{ fileId: sent, x: 0.1, y: 0.9 }],
    });
    const outputs = [
      await asA().customer.proofs.list({ jobNumber }),
      await asA().customer.proofs.waiting(),
      await asA().customer.proofs.timeline({ jobNumber }),
      await asB().customer.proofs.waiting(),
    ];
    for (const out of outputs) {
      const json = JSON.stringify(out);
      expect(json).not.toContain(MARKERS.internalFile);
      expect(json).not.toContain(MARKERS.shopNotes);
      expect(json).not.toContain(MARKERS.internalNote);
    }
    const foreign = await errorOf(asB().customer.proofs.timeline({ jobNumber }));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", message: "Job not found." });
    const file = await db()
      .selectFrom("job_files")
      .select("visible_to_customer")
      .where("id", "=", fx.customerA.hiddenFileId)
      .executeTakeFirstOrThrow();
    expect(file.visible_to_customer).toBe(false);
    // Pins on the internal file are refused like any file not in the proof.
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [sent] });
    const pinned = await errorOf(
      asA().customer.proofs.requestChanges({
        jobNumber,
        version: 2,
        comment: "x",
        pins: [{ fileId: fx.customerA.hiddenFileId, x: 0.5, y: 0.5 }],
      }),
    );
    expect(pinned.code).toBe("BAD_REQUEST");
  });

  it("the job page in one call is exactly the parts it used to ask for, and nothing internal", async () => {
    // Alice's job now has a shared file, the internal file, proof versions and a pinned comment.
    const jobNumber = fx.customerA.jobNumber;
    const a = asA();
    const page = await a.customer.jobPage({ jobNumber });
    const [job, files, timeline, thread] = await Promise.all([
      a.customer.job({ jobNumber }),
      a.customer.files({ jobNumber }),
      a.customer.proofs.timeline({ jobNumber }),
      a.customer.messages.thread({ jobNumber }),
    ]);
    expect(page).toEqual({
      ...job,
      files: files.files,
      timeline,
      messages: thread.messages,
      feedback: null,
    });
    expect(page.files.map((f) => f.fileName)).toContain("shared-proof.png");
    expect(page.timeline.events.map((e) => e.type)).toContain("proof_changes_requested");
    const json = JSON.stringify(page);
    expect(json).not.toContain(MARKERS.internalFile);
    expect(json).not.toContain(MARKERS.shopNotes);
    expect(json).not.toContain(MARKERS.internalNote);
    expect(await errorOf(asB().customer.jobPage({ jobNumber }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Job not found.",
    });
  });

  it("a sent file staff hide or remove afterwards leaves the customer's proof view", async () => {
    const jobNumber = await newJob("Hidden later");
    const kept = await addJobFile(jobNumber, "kept.png");
    const hidden = await addJobFile(jobNumber, "HIDDEN-LATER-91ab.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [kept, hidden] });
    await asStaff().staff.jobs.files.setVisibility({ fileId: hidden, visibleToCustomer: false });
    const customer = await asA().customer.proofs.list({ jobNumber });
    expect(customer.proofs[0]!.files.map((f) => f.id)).toEqual([kept]);
    expect(JSON.stringify(customer)).not.toContain("HIDDEN-LATER-91ab");
    const staffView = await asStaff().staff.jobs.proofs.list({ jobNumber });
    expect(staffView.proofs[0]!.files.map((f) => f.id)).toEqual([kept, hidden]);
  });

  it("customers cannot send proofs; staff cannot decide them", async () => {
    const jobNumber = await newJob("Roles");
    const f = await addJobFile(jobNumber, "roles.png");
    expect((await errorOf(asA().staff.jobs.proofs.send({ jobNumber, fileIds: [f] }))).code).toBe(
      "FORBIDDEN",
    );
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    expect(
      (await errorOf(asStaff().customer.proofs.approve({ jobNumber, version: 1, name: "S" }))).code,
    ).toBe("FORBIDDEN");
  });

  it("pins must be on a file of the proof", async () => {
    const jobNumber = await newJob("Pins");
    const f = await addJobFile(jobNumber, "pins.png");
    const notInProof = await addJobFile(jobNumber, `${INTERNAL_FILE}-pin.png`);
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    const error = await errorOf(
      asA().customer.proofs.requestChanges({
        jobNumber,
        version: 1,
        comment: "here",
        pins: [{ fileId: notInProof, x: 0.5, y: 0.5 }],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const { proofs } = await asA().customer.proofs.list({ jobNumber });
    expect(proofs[0]).toMatchObject({ state: "waiting", comments: [] });
  });
});

describe("bad input (property)", () => {
  const nasty = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom("", "   ", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "<script>", "'; --"),
    fc.string({ minLength: 5001, maxLength: 5100 }),
  );
  const coordinate = fc.oneof(
    fc.double(),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0.0001, 1.0001, 0, 1),
  );

  it("names, comments and pins: a 4xx and no write, or accepted only when valid", async () => {
    const jobNumber = await newJob("Fuzz");
    const f = await addJobFile(jobNumber, "fuzz.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    let version = 1;
    const textOk = (s: string, max: number) =>
      !s.includes("\u0000") && s.trim().length >= 1 && s.trim().length <= max;
    const latest = async () => (await asStaff().staff.jobs.proofs.list({ jobNumber })).proofs[0];
    await fc.assert(
      fc.asyncProperty(
        nasty,
        nasty,
        fc.array(fc.record({ x: coordinate, y: coordinate }), { maxLength: 3 }),
        fc.boolean(),
        async (name, comment, pins, approve) => {
          const valid = approve
            ? textOk(name, 200)
            : textOk(comment, 5000) &&
              pins.every((p) => [p.x, p.y].every((v) => Number.isFinite(v) && v >= 0 && v <= 1));
          const before = await latest();
          const call = approve
            ? asA().customer.proofs.approve({ jobNumber, version, name })
            : asA().customer.proofs.requestChanges({
                jobNumber,
                version,
                comment,
                pins: pins.map((p) => ({ fileId: f, ...p })),
              });
          const outcome = await call.then(
            () => null,
            (e: unknown) => e as { code?: string },
          );
          if (outcome === null) {
            expect(valid).toBe(true);
            const stored = await latest();
            const text = approve ? stored!.decision!.name! : stored!.comments[0]!.body;
            // Lone surrogates arrive as U+FFFD; the rest as sent, trimmed.
            expect(text).toBe(
              (approve ? name : comment)
                .trim()
                .replace(
                  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
                  "\ufffd",
                ),
            );
            await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
            version++;
          } else {
            expect(outcome.code).toBe("BAD_REQUEST");
            expect(valid).toBe(false);
            expect(await latest()).toEqual(before);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("the status guard", () => {
  it("refuses to move a job with a waiting proof past Not started unless overridden, and audits the override", async () => {
    const jobNumber = await newJob("Guarded");
    const f = await addJobFile(jobNumber, "guard.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    const refused = await errorOf(
      asStaff().staff.jobs.setStatus({ jobNumber, status: "in_progress", visibleToCustomer: true }),
    );
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toMatch(/proof is waiting.*version 1/i);
    const job = await asStaff().staff.jobs.get({ jobNumber });
    expect(job.job.status).toBe("not_started");
    // A note on the same status is not a move.
    await asStaff().staff.jobs.setStatus({
      jobNumber,
      status: "not_started",
      visibleToCustomer: false,
      note: "waiting",
    });

    const moved = await asStaff().staff.jobs.setStatus({
      jobNumber,
      status: "in_progress",
      visibleToCustomer: true,
      overrideProof: true,
    });
    expect(moved.job.status).toBe("in_progress");
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_id", "details"])
      .where("action", "=", "staff.job.proofOverride")
      .where("target_id", "=", jobNumber)
      .execute();
    expect(audit).toEqual([
      {
        actor_id: fx.staffId,
        details: { proofVersion: 1, from: "not_started", to: "in_progress" },
      },
    ]);
  });

  it("lets an approved job move on without an override", async () => {
    const jobNumber = await newJob("Approved first");
    const f = await addJobFile(jobNumber, "ok.png");
    await asStaff().staff.jobs.proofs.send({ jobNumber, fileIds: [f] });
    await asA().customer.proofs.approve({ jobNumber, version: 1, name: "Alice" });
    const moved = await asStaff().staff.jobs.setStatus({
      jobNumber,
      status: "in_progress",
      visibleToCustomer: true,
    });
    expect(moved.job.status).toBe("in_progress");
  });
});
