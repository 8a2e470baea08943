import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { FILE_MAX_BYTES } from "@traveler/api/schemas";
import busboy from "busboy";

/** A request body with its headers: an Express request, or a page action's body as a stream. */
export type UploadSource = Readable & { headers: IncomingHttpHeaders };

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
export async function receiveUpload<T>(
  req: UploadSource,
  consume: (file: Readable, fields: Record<string, string>, fileName: string) => Promise<T>,
): Promise<T> {
  const { files } = await receiveUploads(req, consume, { maxFiles: 1 });
  const [first] = files;
  if (files.length === 0 || first === undefined) {
    throw new UploadFormError(400, "Choose a file to upload.");
  }
  return first;
}

/**
 * The same for a form with up to `maxFiles` files (an empty file input is skipped): each file's
 * stream is handed to `consume` in turn, with the fields read before it. Resolves with every
 * field and every file's result; rejects with the first refusal (the rest of the body is read
 * to nowhere, so the browser receives the answer). The caller undoes what earlier files stored.
 */
export function receiveUploads<T>(
  req: UploadSource,
  consume: (file: Readable, fields: Record<string, string>, fileName: string) => Promise<T>,
  options: { maxFiles: number; onStored?: (result: T) => void },
): Promise<{ fields: Record<string, string>; files: T[] }> {
  // A body is read (to nowhere, once refused) up to twice the limit, so that a browser sending
  // a file somewhat too large sees the answer; anything longer is cut off (a reset).
  const maxBody = options.maxFiles * FILE_MAX_BYTES + FORM_OVERHEAD;
  let received = 0;
  req.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > 2 * maxBody) req.destroy();
  });
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBody) {
    // Read the body to nowhere (up to the cut-off) so the browser sees the answer, not a reset.
    req.resume();
    return Promise.reject(new UploadFormError(413, "The file is larger than 100 MB."));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        files: options.maxFiles,
        fields: 20,
        fieldSize: 32 * 1024,
        parts: 20 + options.maxFiles,
        fileSize: FILE_MAX_BYTES + 1,
      },
      defParamCharset: "utf8",
    });
  } catch {
    return Promise.reject(new UploadFormError(415, "Send the file as a multipart form upload."));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: T[] = [];
    let failed = false;
    let sawFile = false;
    // Files are taken one after another; busboy holds the next one back until then.
    let chain = Promise.resolve();
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    parser.on("field", (name, value) => {
      if (!sawFile && !(name in fields)) fields[name] = value;
    });
    parser.on("file", (_name, stream, info) => {
      sawFile = true;
      const fileName = info.filename;
      if (failed || !fileName) {
        // Refused already, or an empty file input (no file chosen): read to nowhere.
        stream.resume();
        return;
      }
      const fieldsNow = { ...fields };
      chain = chain.then(async () => {
        if (failed) {
          stream.resume();
          return;
        }
        try {
          const result = await consume(stream, fieldsNow, fileName);
          files.push(result);
          options.onStored?.(result);
        } catch (error) {
          // Refused: read the rest of the body to nowhere so the browser receives the answer.
          // (An async iterator left a 'readable' listener, which would keep the stream paused.)
          stream.removeAllListeners("readable");
          stream.resume();
          fail(error);
        }
      });
    });
    parser.on("filesLimit", () =>
      fail(new UploadFormError(400, `Attach at most ${options.maxFiles} files at a time.`)),
    );
    parser.on("error", () =>
      fail(new UploadFormError(400, "The upload could not be read. Please try again.")),
    );
    parser.on("close", () => {
      void chain.then(() => {
        if (!failed) resolve({ fields, files });
      });
    });
    req.on("aborted", () => parser.destroy());
    req.on("error", () => fail(new UploadFormError(400, "The upload was interrupted.")));
    req.pipe(parser);
  });
}
