// @ts-check
/**
 * pdf.js in its own worker thread (see pdf-preview.ts): plain JavaScript, started without the
 * TypeScript loader (which would transpile pdf.js's 2 MB modules on every start, costing
 * seconds and a hundred megabytes), with its own memory limit. It asks the parent for the byte
 * ranges it needs and answers { pageCount, png } (png: the first page, at most `edge` px).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { getDocument, PDFDataRangeTransport } from "pdfjs-dist/legacy/build/pdf.mjs";

const require = createRequire(import.meta.url);
const STANDARD_FONTS = `${path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts")}/`;
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
const { length, edge, rangeChunk } = workerData;

class ParentRangeTransport extends PDFDataRangeTransport {
  /** @param {number} begin @param {number} end */
  requestDataRange(begin, end) {
    port.postMessage({ type: "range", begin, end });
  }
}
const transport = new ParentRangeTransport(length, null);
port.on("message", (message) => {
  if (message.type === "range") transport.onDataRange(message.begin, message.data);
});

const task = getDocument({
  range: transport,
  rangeChunkSize: rangeChunk,
  disableAutoFetch: true,
  disableStream: true,
  disableFontFace: true,
  standardFontDataUrl: STANDARD_FONTS,
  verbosity: 0,
});
/** @type {{ pageCount: number | null, png: Uint8Array | null }} */
const result = { pageCount: null, png: null };
try {
  const doc = await task.promise;
  result.pageCount = doc.numPages > 0 ? doc.numPages : null;
  const page = await doc.getPage(1);
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({
    scale: Math.min(edge / base.width, edge / base.height, 4),
  });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  // pdf.js draws through its canvas factory (@napi-rs/canvas in Node).
  const factory = /** @type {any} */ (doc).canvasFactory;
  const { canvas, context } = factory.create(width, height);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  await page.render(/** @type {any} */ ({ canvas, canvasContext: context, viewport })).promise;
  result.png = canvas.toBuffer("image/png");
} catch {
  // Keep what was learnt (often the page count); the file shows an icon otherwise.
}
port.postMessage({ type: "done", ...result });
await task.destroy().catch(() => {});
