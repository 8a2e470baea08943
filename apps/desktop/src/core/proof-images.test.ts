import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useTestDatabase as perFileDatabase } from "@traveler/db/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdfBuffer } from "../../../../packages/api/src/testing/make-pdf.ts";
import { createStaff, STAFF_PASSWORD, startApiTestServer } from "../testing/api-test-server.ts";
import { customerCaller, customerWithJob, until } from "../testing/console-test-kit.ts";
import { jobProofs } from "./cache/proofs.ts";
import { DesktopCore, memoryVault } from "./desktop-core.ts";
import { desktopRouter } from "./desktop-router.ts";

/**
 * Issue 13 in the console: the proof's image to draw pins on comes through the core (the token
 * stays there), is kept beside the cache once seen, and shows offline and after a restart; a
 * file never seen here is "unavailable offline" (the screen falls back to the pin list).
 */
const getDb = perFileDatabase();
let api: Awaited<ReturnType<typeof startApiTestServer>>;
const dir = mkdtempSync(join(tmpdir(), "traveler-proof-images-"));
const cacheFile = join(dir, "cache.sqlite");
const vault = memoryVault();
let core: DesktopCore;
let jobNumber = "";
const ids: Record<string, number> = {};
let png: Buffer;

const openCore = () => {
  const c = new DesktopCore({ cacheFile, vault, minRetryMs: 100, maxRetryMs: 400 });
  c.start();
  return c;
};

const picture = (width: number, height: number, red: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: red, g: 40, b: 90 } } })
    .png()
    .toBuffer();

beforeAll(async () => {
  api = await startApiTestServer(getDb());
  const other = await createStaff(getDb(), api.services, "other");
  await createStaff(getDb(), api.services, "desk");
  const setup = await customerWithJob(other, "Harbour Signs");
  jobNumber = setup.jobNumber;
  core = openCore();
  await core.signIn({
    serverUrl: api.url(),
    username: "desk",
    password: STAFF_PASSWORD,
    remember: true,
  });
  png = await picture(800, 600, 200);
  const files = {
    "banner.png": png,
    "flyer.pdf": await makePdfBuffer({ pages: 2 }),
    "other.png": await picture(300, 300, 20),
  };
  for (const [fileName, bytes] of Object.entries(files)) {
    core.attachFile({ jobNumber, fileName, base64: bytes.toString("base64") });
  }
  await core.syncNow();
  await until("uploaded", () => core.uploads.pendingCount() === 0, 20_000);
  for (const row of await getDb()
    .db.selectFrom("job_files")
    .select(["id", "file_name"])
    .execute()) {
    ids[row.file_name] = row.id;
  }
  await other.caller.staff.jobs.proofs.send({
    jobNumber,
    fileIds: [ids["banner.png"]!, ids["flyer.pdf"]!, ids["other.png"]!],
  });
  await customerCaller(api.services, setup.customer).customer.proofs.requestChanges({
    jobNumber,
    version: 1,
    comment: "Two things",
    pins: [
      { fileId: ids["banner.png"]!, x: 0.25, y: 0.75, note: "Logo here" },
      { fileId: ids["flyer.pdf"]!, x: 0.5, y: 0.1 },
    ],
  });
  await core.syncNow();
  await until("pins pulled", () => jobProofs(core.db, jobNumber)[0]?.state === "changes_requested");
}, 60_000);

afterAll(async () => {
  core?.close();
  await api?.close();
});

describe("proof images for pins", () => {
  it("lists the proof's files as having an image, with the pins on their files", () => {
    const [proof] = jobProofs(core.db, jobNumber);
    expect(proof?.files.map((f) => [f.fileName, f.hasImage])).toEqual([
      ["banner.png", true],
      ["flyer.pdf", true],
      ["other.png", true],
    ]);
    expect(proof?.comments.flatMap((c) => (c.pin ? [c.pin] : []))).toEqual([
      { number: 1, jobFileId: ids["banner.png"], x: 0.25, y: 0.75 },
      { number: 2, jobFileId: ids["flyer.pdf"], x: 0.5, y: 0.1 },
    ]);
  });

  it("fetches a small image whole and a PDF's first-page preview, through the core", async () => {
    const router = desktopRouter.createCaller({ core });
    const banner = await router.jobs.proofImage({ jobNumber, fileId: ids["banner.png"]! });
    expect(banner).toMatchObject({
      state: "ready",
      variant: "full",
      contentType: "image/png",
      fromCache: false,
    });
    expect(banner.state === "ready" && Buffer.from(banner.base64, "base64").equals(png)).toBe(true);
    const flyer = await router.jobs.proofImage({ jobNumber, fileId: ids["flyer.pdf"]! });
    expect(flyer).toMatchObject({
      state: "ready",
      variant: "preview",
      contentType: "image/webp",
    });
    const meta =
      flyer.state === "ready" ? await sharp(Buffer.from(flyer.base64, "base64")).metadata() : null;
    expect(meta?.format).toBe("webp");
    expect(readdirSync(`${cacheFile}-images`)).toHaveLength(2);
  });

  it("shows a seen image offline and after a restart; one never seen is unavailable offline", async () => {
    await api.stop();
    const again = await core.proofImage(jobNumber, ids["banner.png"]!);
    expect(again).toMatchObject({ state: "ready", fromCache: true, contentType: "image/png" });
    expect(await core.proofImage(jobNumber, ids["other.png"]!)).toMatchObject({
      state: "unavailable",
      reason: "offline",
    });
    core.close();
    core = openCore();
    const afterRestart = await core.proofImage(jobNumber, ids["flyer.pdf"]!);
    expect(afterRestart).toMatchObject({ state: "ready", fromCache: true, variant: "preview" });
    // A file that is not this job's is never fetched.
    expect(await core.proofImage("J-2000-0001", ids["banner.png"]!)).toMatchObject({
      state: "unavailable",
      reason: "not-found",
    });
    await api.start();
    await core.syncNow();
    expect(await core.proofImage(jobNumber, ids["other.png"]!)).toMatchObject({
      state: "ready",
      fromCache: false,
    });
  });

  it("removing this computer's data deletes the cached images", async () => {
    expect(existsSync(`${cacheFile}-images`)).toBe(true);
    await core.signOut({ removeData: true });
    expect(existsSync(`${cacheFile}-images`)).toBe(false);
  });
});
