import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { staffJobUrl } from "@traveler/api/print";
import { decodeQr } from "@traveler/api/testing/qr-decode";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff, STAFF_PASSWORD, startApiTestServer } from "../testing/api-test-server.ts";
import { DesktopCore, memoryVault } from "./desktop-core.ts";
import { handleIpcRequest } from "./ipc-handler.ts";
import type { PrintDocument, TravelerPrinter } from "./print-travelers.ts";

const getDb = perFileDatabase();
let api: Awaited<ReturnType<typeof startApiTestServer>>;
let core: DesktopCore;
let jobNumbers: string[] = [];

beforeAll(async () => {
  api = await startApiTestServer(getDb());
  await createStaff(getDb(), api.services, "printer");
  const db = getDb().db;
  await db
    .updateTable("shop_settings")
    .set({ shop_name: "Harbor Signs", address: "9 Quay St", time_zone: "America/Chicago" })
    .where("id", "=", 1)
    .execute();
  const customer = await db
    .insertInto("customers")
    .values({ name: "Print Customer", email: "print@example.test" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const jobs = await db
    .insertInto("jobs")
    .values(
      ["Window decals", "Van wrap", "Menu boards"].map((title, i) => ({
        customer_id: customer.id,
        title,
        quantity: 10 + i,
        status: i < 2 ? ("quality_check" as const) : ("in_progress" as const),
        estimated_completion: `2031-01-0${3 - i}`,
        specifications: JSON.stringify([{ name: "Material", value: `Vinyl ${i}` }]) as never,
        special_instructions: `Instruction ${i}`,
      })),
    )
    .returning("job_number")
    .execute();
  jobNumbers = jobs.map((j) => j.job_number);
  core = new DesktopCore({
    cacheFile: join(mkdtempSync(join(tmpdir(), "traveler-print-")), "cache.sqlite"),
    vault: memoryVault(),
    minRetryMs: 100,
    maxRetryMs: 400,
  });
  core.start();
  await core.signIn({
    serverUrl: api.url(),
    username: "printer",
    password: STAFF_PASSWORD,
    remember: false,
  });
  await core.syncNow();
});

afterAll(async () => {
  core?.close();
  await api?.close();
});

type Query = { ok: true; value: unknown } | { ok: false; error: { message: string } };

async function call(path: string, input: unknown, printer?: TravelerPrinter): Promise<Query> {
  return handleIpcRequest(
    { core, printer },
    { type: path === "print.run" ? "mutation" : "query", path, input },
  ) as Promise<Query>;
}

async function documentOf(input: unknown): Promise<PrintDocument> {
  const result = await call("print.document", input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as PrintDocument;
}

describe("console travelers", () => {
  it("learns the portal's public address from the server", async () => {
    await expect.poll(() => core.publicUrl()).toBe("http://portal.test");
  });

  it("a job's traveler from the cache: its number, fields, the shop, and a QR code of its staff page", async () => {
    const [first] = jobNumbers;
    const doc = await documentOf({ jobNumber: first });
    expect(doc.count).toBe(1);
    expect(doc.title).toBe(`Traveler ${first}`);
    expect(doc.html).toContain(`<h1 class="traveler-number">${first}</h1>`);
    for (const text of [
      "Harbor Signs",
      "9 Quay St",
      "Print Customer",
      "Vinyl 0",
      "Instruction 0",
    ]) {
      expect(doc.html).toContain(text);
    }
    const svg = doc.html.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? "";
    expect(await decodeQr(svg)).toBe(staffJobUrl("http://portal.test", first!));
  });

  it("a column prints every job of that status by due date, and works with the server gone", async () => {
    await api.stop();
    const doc = await documentOf({ status: "quality_check" });
    const printed = [...doc.html.matchAll(/data-job-number="([^"]+)"/g)].map((m) => m[1]);
    // Due 2031-01-02 before 2031-01-03.
    expect(printed).toEqual([jobNumbers[1], jobNumbers[0]]);
    expect(doc.count).toBe(2);
    expect(doc.title).toBe("Travelers, Quality check");
  });

  it("an unknown job or a bad target is refused with a message", async () => {
    const unknown = await call("print.document", { jobNumber: "J-1999-0001" });
    expect(unknown).toMatchObject({ ok: false, error: { message: "Job not found." } });
    const bad = await call("print.document", { status: "lost" });
    expect(bad.ok).toBe(false);
  });

  it("print.run hands the document to the main process's printer; without one (harness) it prints nothing", async () => {
    const seen: { mode: string; doc: PrintDocument }[] = [];
    const printer: TravelerPrinter = {
      print: async (doc) => {
        seen.push({ mode: "print", doc });
        return { done: true, message: "Sent 1 traveler to the printer." };
      },
      savePdf: async (doc) => {
        seen.push({ mode: "pdf", doc });
        return { done: true, message: "Saved /tmp/x.pdf." };
      },
    };
    const target = { jobNumber: jobNumbers[2] };
    expect(await call("print.run", { target, mode: "print" }, printer)).toEqual({
      ok: true,
      value: { handled: true, done: true, message: "Sent 1 traveler to the printer." },
    });
    expect(await call("print.run", { target, mode: "pdf" }, printer)).toMatchObject({
      ok: true,
      value: { handled: true, message: "Saved /tmp/x.pdf." },
    });
    expect(seen.map((s) => s.mode)).toEqual(["print", "pdf"]);
    expect(seen[0]?.doc.html).toContain(jobNumbers[2]);
    expect(await call("print.run", { target, mode: "print" })).toEqual({
      ok: true,
      value: { handled: false, done: false, message: "" },
    });
  });
});
