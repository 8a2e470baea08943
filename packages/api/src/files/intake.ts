import type { Readable } from "node:stream";
import {
  FILE_MAX_BYTES,
  FILE_MAX_LABEL,
  FILE_TYPES_HELP,
  type FileContentType,
} from "../schemas/files.ts";
import { imageThumbnail } from "./image-thumbnail.ts";
import { previewPdf } from "./pdf-preview.ts";
import { SNIFF_BYTES, sniffType } from "./sniff-type.ts";
import type { FileStorage } from "./storage.ts";

/** A refused upload. The message is safe to show the user as it is. */
export class FileRejectedError extends Error {
  readonly reason: "empty" | "too_large" | "type";
  constructor(reason: "empty" | "too_large" | "type", message: string) {
    super(message);
    this.name = "FileRejectedError";
    this.reason = reason;
  }
}

export interface IntakeResult {
  key: string;
  byteSize: number;
  sha256: string;
  contentType: FileContentType;
  /** WebP, at most 400 px (images; the first page of PDFs); null otherwise. */
  thumbnail: Buffer | null;
  pageCount: number | null;
}

const RASTER_OR_SVG: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "image/tiff",
  "image/svg+xml",
]);

/**
 * Streams an upload into the storage while checking it: its type by its first bytes (see
 * FILE_TYPES), its size against `maxBytes`. A refused file throws FileRejectedError with a message
 * for the user, and nothing stays stored (the storage deletes a put whose body fails). Then makes
 * the preview: a thumbnail for images, page count + first-page picture for PDFs.
 */
export async function intakeFile(
  storage: FileStorage,
  body: Readable | AsyncIterable<Uint8Array>,
  options: { maxBytes?: number } = {},
): Promise<IntakeResult> {
  const maxBytes = options.maxBytes ?? FILE_MAX_BYTES;
  const iterator = body[Symbol.asyncIterator]();
  const headParts: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const bytes = Buffer.from(next.value);
    headParts.push(bytes);
    headBytes += bytes.length;
  }
  const head = Buffer.concat(headParts, headBytes);
  // A refusal stops reading: the caller decides what becomes of the rest (an HTTP route drains
  // it so the browser gets the answer; the stream is never destroyed from here).
  const refuse = async (error: FileRejectedError): Promise<never> => {
    throw error;
  };
  if (headBytes === 0) return refuse(new FileRejectedError("empty", "The file is empty."));
  if (headBytes > maxBytes) return refuse(tooLarge(maxBytes));
  const contentType = await sniffType(head.subarray(0, SNIFF_BYTES));
  if (!contentType) {
    return refuse(
      new FileRejectedError(
        "type",
        `This type of file is not accepted. Accepted: ${FILE_TYPES_HELP}`,
      ),
    );
  }
  async function* checked() {
    yield head;
    if (ended) return;
    let total = headBytes;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      total += next.value.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      yield next.value;
    }
  }
  const stored = await storage.put(checked(), { contentType });
  let thumbnail: Buffer | null = null;
  let pageCount: number | null = null;
  if (RASTER_OR_SVG.has(contentType)) {
    thumbnail = await imageThumbnail(await storage.get(stored.key));
  } else if (contentType === "application/pdf") {
    ({ thumbnail, pageCount } = await previewPdf(storage, stored.key, stored.byteSize));
  }
  return { ...stored, contentType, thumbnail, pageCount };
}

function tooLarge(maxBytes: number) {
  const label = maxBytes === FILE_MAX_BYTES ? FILE_MAX_LABEL : `${Math.floor(maxBytes / 1024)} KB`;
  return new FileRejectedError("too_large", `The file is larger than ${label}.`);
}
