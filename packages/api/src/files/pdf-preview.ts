import { createRequire } from "node:module";
import path from "node:path";
import type { Readable } from "node:stream";
import { getDocument, PDFDataRangeTransport } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import type { FileStorage } from "./storage.ts";

const require = createRequire(import.meta.url);
const STANDARD_FONTS = `${path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts")}/`;
const PREVIEW_EDGE = 400;
/** pdf.js asks for ranges of this size: a preview of a 100 MB PDF reads a few of them, not the file. */
const RANGE_CHUNK = 256 * 1024;

async function readAll(stream: Readable): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}

/** Feeds pdf.js the byte ranges it asks for straight from the storage. */
class StorageRangeTransport extends PDFDataRangeTransport {
  readonly #storage: FileStorage;
  readonly #key: string;
  constructor(storage: FileStorage, key: string, length: number) {
    super(length, null);
    this.#storage = storage;
    this.#key = key;
  }
  override requestDataRange(begin: number, end: number): void {
    this.#storage
      .get(this.#key, { start: begin, end: end - 1 })
      .then(readAll)
      .then((data) => this.onDataRange(begin, data))
      .catch(() => this.abort());
  }
}

export interface PdfPreview {
  pageCount: number | null;
  /** WebP of the first page, at most 400 px; null when it could not be drawn. */
  thumbnail: Buffer | null;
}

/**
 * Page count and a first-page picture of a stored PDF, with pdf.js (Mozilla's, maintained) and
 * its Node canvas (@napi-rs/canvas, an npm prebuild). pdf.js reads only the byte ranges it needs
 * from the storage, so a 100 MB PDF is never loaded whole. Anything that fails or takes longer
 * than `timeoutMs` gives nulls: the file is still accepted, shown with an icon.
 */
export async function previewPdf(
  storage: FileStorage,
  key: string,
  byteSize: number,
  timeoutMs = 20_000,
): Promise<PdfPreview> {
  const task = getDocument({
    range: new StorageRangeTransport(storage, key, byteSize),
    rangeChunkSize: RANGE_CHUNK,
    disableAutoFetch: true,
    disableStream: true,
    disableFontFace: true,
    standardFontDataUrl: STANDARD_FONTS,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("PDF preview timed out")), timeoutMs);
  });
  const result: PdfPreview = { pageCount: null, thumbnail: null };
  try {
    const doc = await Promise.race([task.promise, timeout]);
    result.pageCount = doc.numPages > 0 ? doc.numPages : null;
    result.thumbnail = await Promise.race([renderFirstPage(doc), timeout]);
  } catch {
    // Keep what was learnt (often the page count) and show an icon for the rest.
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => {});
  }
  return result;
}

type PdfDocument = Awaited<ReturnType<typeof getDocument>["promise"]>;

async function renderFirstPage(doc: PdfDocument): Promise<Buffer | null> {
  const page = await doc.getPage(1);
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(PREVIEW_EDGE / base.width, PREVIEW_EDGE / base.height, 4);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  // pdf.js creates its canvases through this factory (@napi-rs/canvas in Node).
  const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const { canvas, context } = factory.create(width, height);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  await page.render({ canvas, canvasContext: context, viewport } as never).promise;
  const png = canvas.toBuffer("image/png");
  factory.destroy({ canvas, context });
  return sharp(png).webp({ quality: 80 }).toBuffer();
}

interface CanvasFactory {
  create(
    width: number,
    height: number,
  ): {
    canvas: { toBuffer(type: "image/png"): Buffer };
    context: { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
  };
  destroy(pair: unknown): void;
}
