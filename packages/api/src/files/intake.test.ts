import { useTestDatabase } from "@traveler/db/testing";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { FILE_MAX_BYTES } from "../schemas/files.ts";
import { makePdf, makePdfBuffer } from "../testing/make-pdf.ts";
import { FileRejectedError, intakeFile } from "./intake.ts";
import { PgFileStorage } from "./pg-storage.ts";
import type { FileStorage } from "./storage.ts";

const database = useTestDatabase();
const storage = () => new PgFileStorage(database().db);

async function* pieces(bytes: Buffer, size = 1000) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function blobCount() {
  const row = await database()
    .db.selectFrom("file_blobs")
    .leftJoin("file_chunks", "file_chunks.blob_key", "file_blobs.key")
    .select((eb) => [
      eb.fn.count<string>("file_blobs.key").distinct().as("blobs"),
      eb.fn.count<string>("file_chunks.seq").as("chunks"),
    ])
    .executeTakeFirstOrThrow();
  return { blobs: Number(row.blobs), chunks: Number(row.chunks) };
}

async function rejection(body: Buffer | AsyncIterable<Uint8Array>, maxBytes?: number) {
  const before = await blobCount();
  const error = await intakeFile(
    storage(),
    Buffer.isBuffer(body) ? pieces(body) : body,
    maxBytes ? { maxBytes } : {},
  ).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileRejectedError);
  expect(await blobCount()).toEqual(before);
  return error as FileRejectedError;
}

const png = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: "#ff0000" } })
    .png()
    .toBuffer();

describe("file intake", () => {
  it("accepts a PNG by its content and makes a WebP thumbnail of at most 400 px", async () => {
    const result = await intakeFile(storage(), pieces(await png()));
    expect(result.contentType).toBe("image/png");
    expect(result.pageCount).toBeNull();
    const meta = await sharp(result.thumbnail as Buffer).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.width).toBe(400);
    expect(meta.height).toBe(267);
  });

  it("counts a PDF's pages and draws its first page", async () => {
    const result = await intakeFile(storage(), makePdf({ pages: 3 }));
    expect(result.contentType).toBe("application/pdf");
    expect(result.pageCount).toBe(3);
    const thumb = sharp(result.thumbnail as Buffer);
    const meta = await thumb.metadata();
    expect(meta.format).toBe("webp");
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(400);
    // The page's blue rectangle is drawn: the middle pixel is blue.
    const { data, info } = await thumb.raw().toBuffer({ resolveWithObject: true });
    const at =
      (Math.floor(info.height * 0.6) * info.width + Math.floor(info.width / 2)) * info.channels;
    expect([data[at], data[at + 1], data[at + 2]].map((v) => Math.round((v ?? 0) / 32))).toEqual([
      2, 3, 6,
    ]);
  });

  it("previews a large PDF by reading only the ranges pdf.js asks for", {
    timeout: 60_000,
  }, async () => {
    const inner = storage();
    let rangedBytes = 0;
    const counting: FileStorage = {
      put: (body, meta) => inner.put(body, meta),
      stat: (key) => inner.stat(key),
      delete: (key) => inner.delete(key),
      async get(key, range) {
        if (range) rangedBytes += range.end - range.start + 1;
        return inner.get(key, range);
      },
    };
    const result = await intakeFile(counting, makePdf({ pages: 12, padBytes: 20 * 1024 * 1024 }));
    expect(result.pageCount).toBe(12);
    expect(result.thumbnail).not.toBeNull();
    expect(rangedBytes).toBeGreaterThan(0);
    expect(rangedBytes).toBeLessThan(3 * 1024 * 1024);
  });

  it("accepts SVG, ZIP and EPS; a broken image is kept without a thumbnail", async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="green"/></svg>',
    );
    const svgResult = await intakeFile(storage(), pieces(svg));
    expect(svgResult.contentType).toBe("image/svg+xml");
    expect(svgResult.thumbnail).not.toBeNull();
    const zip = Buffer.concat([
      Buffer.from(
        "PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00a.txt",
        "latin1",
      ),
      Buffer.alloc(100),
    ]);
    expect((await intakeFile(storage(), pieces(zip))).contentType).toBe("application/zip");
    const eps = Buffer.from("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n");
    const epsResult = await intakeFile(storage(), pieces(eps));
    expect(epsResult.contentType).toBe("application/postscript");
    expect(epsResult.thumbnail).toBeNull();
    const brokenPng = Buffer.concat([(await png()).subarray(0, 200), Buffer.alloc(5000, 7)]);
    const broken = await intakeFile(storage(), pieces(brokenPng));
    expect(broken.contentType).toBe("image/png");
    expect(broken.thumbnail).toBeNull();
  });

  it("refuses files by content, whatever they claim, and stores nothing", async () => {
    const typeMessage = /not accepted\. Accepted: PDF, images/;
    expect((await rejection(Buffer.from("just some text\n".repeat(400)))).message).toMatch(
      typeMessage,
    );
    expect(
      (await rejection(Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(5000)])))
        .reason,
    ).toBe("type");
    expect(
      (await rejection(Buffer.from("<html><script>alert(1)</script><svg></svg></html>"))).reason,
    ).toBe("type");
    // A PDF name does not make a PDF: an executable renamed is still refused (names play no part).
    expect((await rejection(Buffer.alloc(9000, 0))).reason).toBe("type");
    expect((await rejection(Buffer.alloc(0))).message).toBe("The file is empty.");
  });

  it("refuses a file over the limit partway through the stream and keeps nothing", async () => {
    const error = await rejection(makePdf({ pages: 1, padBytes: 300_000 }), 200_000);
    expect(error.reason).toBe("too_large");
    expect(error.message).toBe("The file is larger than 195 KB.");
    expect(FILE_MAX_BYTES).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    // Exactly at the limit is fine.
    const exact = await makePdfBuffer({ pages: 1 });
    expect((await intakeFile(storage(), pieces(exact), { maxBytes: exact.length })).byteSize).toBe(
      exact.length,
    );
  });
});
