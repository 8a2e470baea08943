import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  attachFileAsCustomer,
  createContextInner,
  createQuoteRequest,
  intakeRequestFile,
} from "@traveler/api/server";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachFileToQuoteRequest } from "../../../../packages/api/src/quotes/request-files.ts";
import { makePdfBuffer } from "../../../../packages/api/src/testing/make-pdf.ts";
import { createStaff, STAFF_PASSWORD, startApiTestServer } from "../testing/api-test-server.ts";
import { customerCaller, customerWithJob, until } from "../testing/console-test-kit.ts";
import { thread } from "./cache/messages.ts";
import { listQuoteRequests } from "./cache/quote-requests.ts";
import { DesktopCore, memoryVault } from "./desktop-core.ts";
import { desktopRouter } from "./desktop-router.ts";

/**
 * Issue 14 in the console: a message's files show in the Inbox's thread and open; a reply with
 * a file attached offline waits beside the cache (across a restart), goes once the file is
 * uploaded, and the customer sees it with the file; a quote request's files are listed from the
 * cache and open.
 */
const getDb = perFileDatabase();
let api: Awaited<ReturnType<typeof startApiTestServer>>;
const dir = mkdtempSync(join(tmpdir(), "traveler-message-files-"));
const cacheFile = join(dir, "cache.sqlite");
const vault = memoryVault();
let core: DesktopCore;
let other: Awaited<ReturnType<typeof createStaff>>;
let setup: Awaited<ReturnType<typeof customerWithJob>>;

const openCore = () => {
  const c = new DesktopCore({ cacheFile, vault, minRetryMs: 100, maxRetryMs: 400 });
  c.start();
  return c;
};
const router = () => desktopRouter.createCaller({ core });
const customerContext = () =>
  createContextInner({
    services: api.services,
    actor: {
      type: "customer",
      customerId: setup.customer.id,
      name: setup.customer.name,
      email: setup.customer.email,
      sessionId: "0".repeat(64),
      idleExpiresAt: new Date(Date.now() + 3_600_000),
    },
    request: { ip: null, userAgent: "console-test" },
  }) as Parameters<typeof attachFileAsCustomer>[0];
const png = (red: number) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r: red, g: 9, b: 9 } } })
    .png()
    .toBuffer();

beforeAll(async () => {
  api = await startApiTestServer(getDb());
  other = await createStaff(getDb(), api.services, "other");
  await createStaff(getDb(), api.services, "desk");
  setup = await customerWithJob(other, "Pier Print");
  core = openCore();
  await core.signIn({
    serverUrl: api.url(),
    username: "desk",
    password: STAFF_PASSWORD,
    remember: true,
  });
  await core.syncNow();
}, 60_000);

afterAll(async () => {
  core?.close();
  await api?.close();
});

describe("message attachments in the console", () => {
  it("shows a customer's message with its file in the thread; open downloads it", async () => {
    const photo = await png(200);
    const { file } = await attachFileAsCustomer(
      customerContext(),
      { jobNumber: setup.jobNumber, fileName: "old-sign.png" },
      Readable.from([photo]),
    );
    await customerCaller(api.services, setup.customer).customer.messages.send({
      jobNumber: setup.jobNumber,
      body: "Can you match this?",
      fileIds: [file.id],
    });
    await core.syncNow();
    const messages = await until("message pulled", () => {
      const t = thread(core.db, setup.jobNumber);
      return t.length > 0 && t[0]!.attachments.length > 0 ? t : null;
    });
    expect(messages.map((m) => [m.author, m.body, m.attachments])).toEqual([
      [
        "customer",
        "Can you match this?",
        [{ id: file.id, fileName: "old-sign.png", byteSize: photo.length }],
      ],
    ]);
    const opened = await router().jobs.file({ jobNumber: setup.jobNumber, fileId: file.id });
    expect(Buffer.from(opened.base64, "base64").equals(photo)).toBe(true);
  });

  it("a reply with a file queued offline survives a restart, goes once the file is uploaded, and the customer sees both", async () => {
    const pdf = await makePdfBuffer({ pages: 1 });
    await api.stop();
    await router().messages.reply({
      jobNumber: setup.jobNumber,
      body: "Here is the layout.",
      files: [{ fileName: "layout.pdf", base64: pdf.toString("base64") }],
    });
    const pending = thread(core.db, setup.jobNumber).at(-1);
    expect(pending).toMatchObject({
      pending: true,
      body: "Here is the layout.",
      attachments: [{ fileName: "layout.pdf", byteSize: pdf.length }],
    });
    expect(pending!.attachments[0]!.id).toBeLessThan(0);
    // The reply and its file: both counted as waiting.
    expect(core.status().queued).toBe(2);
    core.close();
    core = openCore();
    expect(core.status().queued).toBe(2);

    await api.start();
    await until(
      "reply sent",
      () => core.outbox.pendingCount() === 0 && core.uploads.waitingCount() === 0,
      20_000,
    );
    const seen = await customerCaller(api.services, setup.customer).customer.messages.thread({
      jobNumber: setup.jobNumber,
    });
    expect(
      seen.messages.map((m) => [m.author, m.body, m.attachments.map((a) => a.fileName)]),
    ).toEqual([
      ["customer", "Can you match this?", ["old-sign.png"]],
      ["staff", "Here is the layout.", ["layout.pdf"]],
    ]);
    await core.syncNow();
    const last = await until("reply pulled", () => {
      const m = thread(core.db, setup.jobNumber).at(-1);
      return m && !m.pending && m.attachments.length > 0 ? m : null;
    });
    expect(last.attachments).toEqual([
      { id: expect.any(Number), fileName: "layout.pdf", byteSize: pdf.length },
    ]);
    expect(last.attachments[0]!.id).toBeGreaterThan(0);
    expect(core.db.prepare("select count(*) as n from upload_results").get()).toEqual({ n: 0 });
  });

  it("a reply whose file the server refuses fails with the file's reason; discarding drops both", async () => {
    await router().messages.reply({
      jobNumber: setup.jobNumber,
      body: "And the notes.",
      files: [
        {
          fileName: "notes.txt",
          base64: Buffer.from("plain text\n".repeat(50)).toString("base64"),
        },
      ],
    });
    await core.syncNow().catch(() => {});
    const failed = await until("reply failed", () =>
      core.outbox.list().find((e) => e.state === "failed"),
    );
    expect(failed.lastError).toMatch(/notes\.txt was not uploaded/);
    core.discardWrite(failed.id);
    expect(core.outbox.pendingCount()).toBe(0);
    expect(core.uploads.waitingCount()).toBe(0);
    const staffMessages = await getDb()
      .db.selectFrom("job_messages")
      .select("body")
      .where("author_type", "=", "staff")
      .execute();
    expect(staffMessages.map((m) => m.body)).toEqual(["Here is the layout."]);
  });
});

describe("quote request files in the console", () => {
  it("lists a request's files from the cache (a file added later too) and opens them", async () => {
    const ctx = customerContext();
    const art = await png(90);
    const stored = { ...(await intakeRequestFile(ctx, Readable.from([art]))), fileName: "art.png" };
    const request = await createQuoteRequest(
      ctx,
      { what: "Window decals", quantity: 4, neededBy: null, notes: "" },
      [stored],
    );
    await core.syncNow();
    const listed = await until("request pulled", () =>
      listQuoteRequests(core.db).find((r) => r.requestNumber === request.requestNumber),
    );
    expect(listed.files).toEqual([
      {
        id: expect.any(Number),
        fileName: "art.png",
        contentType: "image/png",
        byteSize: art.length,
        pageCount: null,
      },
    ]);
    const opened = await router().quotes.file({
      requestNumber: request.requestNumber,
      fileId: listed.files[0]!.id,
    });
    expect(Buffer.from(opened.base64, "base64").equals(art)).toBe(true);
    await expect(
      router().quotes.file({ requestNumber: "Q-99999", fileId: listed.files[0]!.id }),
    ).rejects.toThrow("File not found.");

    const sketch = await makePdfBuffer({ pages: 2 });
    await attachFileToQuoteRequest(
      ctx as Parameters<typeof attachFileToQuoteRequest>[0],
      { requestNumber: request.requestNumber, fileName: "sketch.pdf" },
      Readable.from([sketch]),
    );
    await core.syncNow();
    const again = await until("added file pulled", () => {
      const r = listQuoteRequests(core.db).find((q) => q.requestNumber === request.requestNumber);
      return r && r.files.length === 2 ? r : null;
    });
    expect(again.files.map((f) => [f.fileName, f.pageCount])).toEqual([
      ["art.png", null],
      ["sketch.pdf", 2],
    ]);

    // Turned into a job: the files are the job's now, the request lists none.
    await other.caller.staff.quotes.convert({ requestNumber: request.requestNumber });
    await core.syncNow();
    await until("converted", () => {
      const r = listQuoteRequests(core.db).find((q) => q.requestNumber === request.requestNumber);
      return r?.status === "converted" && r.files.length === 0;
    });
  });
});
