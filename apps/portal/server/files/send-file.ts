import { pipeline } from "node:stream/promises";
import { FILE_INLINE_TYPES } from "@traveler/api/schemas";
import {
  type ApiServices,
  createFileStorage,
  type FileForDownload,
  RangeNotSatisfiableError,
} from "@traveler/api/server";
import type { Request, Response } from "express";
import { contentDisposition } from "./content-disposition.ts";

/**
 * Streams a stored file: its own type, `Content-Disposition` with a safe name (inline for PDFs
 * and common images, attachment otherwise or with `?download=1`), a strong ETag (the SHA-256)
 * with 304s, single byte ranges (206, 416), and `no-store` for files the customer does not see.
 * `no-transform` keeps the compression middleware away (byte ranges are of the stored bytes).
 */
export async function sendFile(
  services: ApiServices,
  req: Request,
  res: Response,
  file: FileForDownload,
): Promise<void> {
  const etag = `"${file.sha256}"`;
  const inline = FILE_INLINE_TYPES.includes(file.contentType) && req.query.download === undefined;
  res.setHeader("Content-Type", file.contentType);
  res.setHeader(
    "Content-Disposition",
    contentDisposition(inline ? "inline" : "attachment", file.fileName),
  );
  res.setHeader("ETag", etag);
  res.setHeader("Accept-Ranges", "bytes");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader(
    "Cache-Control",
    file.visibleToCustomer ? "private, no-cache, no-transform" : "no-store, no-transform",
  );
  if (file.contentType !== "application/pdf") {
    // An SVG (or anything else) opened from here runs no script and reaches nothing.
    res.setHeader(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    );
  }
  if (
    req
      .get("if-none-match")
      ?.split(/\s*,\s*/)
      .includes(etag)
  ) {
    res.status(304).end();
    return;
  }
  const ifRange = req.get("if-range");
  const ranges = ifRange && ifRange !== etag ? undefined : req.range(file.byteSize);
  if (ranges === -1) {
    res.setHeader("Content-Range", `bytes */${file.byteSize}`);
    res.status(416).type("text/plain").send("The requested range is outside the file.");
    return;
  }
  // A malformed header (-2) or several ranges: the whole file (allowed by RFC 9110).
  const range = Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined;
  const start = range?.start ?? 0;
  const end = range?.end ?? file.byteSize - 1;
  if (range) {
    res.status(206);
    res.setHeader("Content-Range", `bytes ${start}-${end}/${file.byteSize}`);
  }
  res.setHeader("Content-Length", String(end - start + 1));
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  let body: NodeJS.ReadableStream;
  try {
    body = await createFileStorage(services).get(
      file.storageKey,
      range ? { start, end } : undefined,
    );
  } catch (error) {
    if (error instanceof RangeNotSatisfiableError) {
      res.status(416).setHeader("Content-Range", `bytes */${file.byteSize}`).end();
      return;
    }
    throw error;
  }
  await pipeline(body, res);
}
