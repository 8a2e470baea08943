import { fileTypeFromBuffer } from "file-type";
import type { FileContentType } from "../schemas/files.ts";

/** Bytes read before deciding a file's type (file-type's own minimum is 4100). */
export const SNIFF_BYTES = 4100;

/** file-type's answers we accept, mapped onto our type list. */
const DETECTED: Record<string, FileContentType> = {
  "application/pdf": "application/pdf",
  // Adobe Illustrator files (PDF-compatible): shown and previewed as the PDFs they are.
  "application/illustrator": "application/pdf",
  "image/png": "image/png",
  "image/jpeg": "image/jpeg",
  "image/webp": "image/webp",
  "image/gif": "image/gif",
  "image/tiff": "image/tiff",
  "application/eps": "application/postscript",
  "application/postscript": "application/postscript",
  "application/zip": "application/zip",
};

/** An SVG: optional BOM, XML declaration, comments and doctype, then the `<svg` element. */
const SVG_START =
  /^\ufeff?\s*(?:<\?xml[^>]{0,500}\?>\s*)?(?:<!--[\s\S]{0,2000}?-->\s*)*(?:<!DOCTYPE[^>]{0,1000}>\s*)?(?:<!--[\s\S]{0,2000}?-->\s*)*<svg[\s>]/i;

/**
 * The file's type from its first bytes (magic numbers, via `file-type`), or null when it is
 * none of the accepted ones. The name and the browser's claimed type play no part.
 */
export async function sniffType(head: Uint8Array): Promise<FileContentType | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected?.ext === "ai") return "application/pdf";
  if (detected && detected.ext !== "xml") return DETECTED[detected.mime] ?? null;
  const text = Buffer.from(head).toString("utf8");
  return SVG_START.test(text) ? "image/svg+xml" : null;
}
