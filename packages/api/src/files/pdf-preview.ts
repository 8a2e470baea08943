import type { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import sharp from "sharp";
import type { FileStorage } from "./storage.ts";

const PREVIEW_EDGE = 400;
/** pdf.js asks for ranges of this size: a preview of a 100 MB PDF reads a few of them, not the file. */
const RANGE_CHUNK = 256 * 1024;
const WORKER = new URL("./pdf-preview-worker.mjs", import.meta.url);

export interface PdfPreview {
  pageCount: number | null;
  /** WebP of the first page, at most 400 px; null when it could not be drawn. */
  thumbnail: Buffer | null;
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * Page count and a first-page picture of a stored PDF, with pdf.js (Mozilla's, maintained) and
 * its Node canvas (@napi-rs/canvas, an npm prebuild), in a worker thread with a memory cap and a
 * time limit (pdf-preview-worker.mjs). pdf.js reads only the byte ranges it asks for, served here
 * from the storage, so a 100 MB PDF is never loaded whole. Anything that fails or runs out of
 * time gives nulls: the file is still accepted, shown with an icon.
 */
export function previewPdf(
  storage: FileStorage,
  key: string,
  byteSize: number,
  timeoutMs = 20_000,
): Promise<PdfPreview> {
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(WORKER, {
      workerData: { length: byteSize, edge: PREVIEW_EDGE, rangeChunk: RANGE_CHUNK },
      // Plain Node: no TypeScript loader in the worker (pdf.js is JavaScript).
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
    const finish = async (result: { pageCount: number | null; png: Uint8Array | null }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      const thumbnail = result.png
        ? await sharp(result.png)
            .webp({ quality: 80 })
            .toBuffer()
            .catch(() => null)
        : null;
      resolve({ pageCount: result.pageCount, thumbnail });
    };
    const timer = setTimeout(() => void finish({ pageCount: null, png: null }), timeoutMs);
    worker.on("message", (message: { type: string; [k: string]: unknown }) => {
      if (message.type === "done") {
        void finish(message as unknown as { pageCount: number | null; png: Uint8Array | null });
        return;
      }
      const { begin, end } = message as unknown as { begin: number; end: number };
      storage
        .get(key, { start: begin, end: end - 1 })
        .then(readAll)
        .then((data) => {
          if (!settled)
            worker.postMessage({ type: "range", begin, data }, [data.buffer as ArrayBuffer]);
        })
        .catch(() => void finish({ pageCount: null, png: null }));
    });
    worker.on("error", () => void finish({ pageCount: null, png: null }));
    worker.on("exit", () => void finish({ pageCount: null, png: null }));
  });
}
