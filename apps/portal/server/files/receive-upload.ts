import type { Readable } from "node:stream";
import { FILE_MAX_BYTES } from "@traveler/api/schemas";
import busboy from "busboy";
import type { Request } from "express";

/** Room for the form's other fields and the multipart framing around the file. */
const FORM_OVERHEAD = 64 * 1024;

export class UploadFormError extends Error {
  readonly status: 400 | 411 | 413 | 415;
  constructor(status: 400 | 411 | 413 | 415, message: string) {
    super(message);
    this.name = "UploadFormError";
    this.status = status;
  }
}

/**
 * Reads a multipart upload as a stream: the text fields that come before the file, then hands
 * the file's stream to `consume` while it is still arriving (nothing is buffered whole). One file
 * per request; fields after the file are ignored (forms put them first). A declared length over
 * the limit is refused before a byte is read.
 */
export function receiveUpload<T>(
  req: Request,
  consume: (file: Readable, fields: Record<string, string>, fileName: string) => Promise<T>,
): Promise<T> {
  // A body is read (to nowhere, once refused) up to twice the limit, so that a browser sending
  // a file somewhat too large sees the answer; anything longer is cut off (a reset).
  let received = 0;
  req.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > 2 * FILE_MAX_BYTES) req.destroy();
  });
  const declared = Number(req.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > FILE_MAX_BYTES + FORM_OVERHEAD) {
    // Read the body to nowhere (up to the cut-off) so the browser sees the answer, not a reset.
    req.resume();
    return Promise.reject(new UploadFormError(413, "The file is larger than 100 MB."));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { files: 1, fields: 20, fieldSize: 4096, parts: 22, fileSize: FILE_MAX_BYTES + 1 },
      defParamCharset: "utf8",
    });
  } catch {
    return Promise.reject(new UploadFormError(415, "Send the file as a multipart form upload."));
  }
  return new Promise<T>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let handled = false;
    parser.on("field", (name, value) => {
      if (!handled) fields[name] = value;
    });
    parser.on("file", (_name, stream, info) => {
      if (handled) {
        stream.resume();
        return;
      }
      handled = true;
      consume(stream, fields, info.filename ?? "").then(resolve, (error: unknown) => {
        // Refused: read the rest of the body to nowhere so the browser receives the answer.
        // (An async iterator left a 'readable' listener, which would keep the stream paused.)
        stream.removeAllListeners("readable");
        stream.resume();
        reject(error);
      });
    });
    parser.on("error", () => {
      if (!handled)
        reject(new UploadFormError(400, "The upload could not be read. Please try again."));
    });
    parser.on("close", () => {
      if (!handled) reject(new UploadFormError(400, "Choose a file to upload."));
    });
    req.on("aborted", () => parser.destroy());
    req.pipe(parser);
  });
}
