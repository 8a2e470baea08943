import { Readable } from "node:stream";
import type { AppLoadContext } from "@remix-run/node";
import { fileNameSchema, QUOTE_REQUEST_MAX_FILES } from "@traveler/api/schemas";
import {
  createQuoteRequest,
  discardStoredFiles,
  intakeRequestFile,
  type StoredRequestFile,
} from "@traveler/api/server";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { receiveUploads, UploadFormError } from "../../server/files/receive-upload.ts";
import { quoteRequestForm } from "../forms/quote-forms.ts";
import { contextFor } from "./api.server.ts";
import { type FormErrors, parseForm } from "./form.server.ts";
import type { CustomerActor, Session } from "./session.server.ts";

type Field = "what" | "quantity" | "neededBy" | "notes" | "files";

export type QuoteRequestOutcome =
  | { ok: true; requestNumber: string }
  | {
      ok: false;
      status: number;
      errors: FormErrors<Field>;
      values: Record<string, string>;
    };

const FIELDS = ["what", "quantity", "neededBy", "notes"] as const;

/**
 * The quote request form posted as multipart (issue 14): its fields, then its files streamed
 * one by one through the files intake (the job files' busboy reader, the same type and size
 * rules). The request and its file rows are written together; when anything is refused (a
 * file's type or size, a field) the files already stored are deleted: nothing stays.
 */
export async function createQuoteRequestFromUpload(
  request: Request,
  context: AppLoadContext,
  session: Session<CustomerActor>,
): Promise<QuoteRequestOutcome> {
  const ctx = { ...contextFor(request, context, session), actor: session.actor };
  const stored: StoredRequestFile[] = [];
  let seenFields: Record<string, string> = {};
  const valuesOf = (fields: Record<string, string>) =>
    Object.fromEntries(FIELDS.map((k) => [k, fields[k] ?? ""]));
  const refused = async (status: number, errors: FormErrors<Field>) => {
    await discardStoredFiles(ctx, stored);
    const again = stored.length > 0 && !errors.files;
    return {
      ok: false as const,
      status,
      errors: again ? { ...errors, files: "Choose the files again (nothing was sent)." } : errors,
      values: valuesOf(seenFields),
    };
  };
  const source = Object.assign(
    request.body ? Readable.fromWeb(request.body as never) : Readable.from([]),
    { headers: Object.fromEntries(request.headers) },
  );
  let fields: Record<string, string>;
  try {
    ({ fields } = await receiveUploads(
      source,
      async (file, before, rawName) => {
        seenFields = before;
        const name = fileNameSchema.safeParse(rawName);
        if (!name.success) throw new UploadFormError(400, "A file needs a name.");
        const result = await intakeRequestFile(ctx, file);
        return { ...result, fileName: `${name.data}` };
      },
      { maxFiles: QUOTE_REQUEST_MAX_FILES, onStored: (file) => stored.push(file) },
    ));
  } catch (error) {
    if (error instanceof UploadFormError) return refused(error.status, { files: error.message });
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      return refused(getHTTPStatusCodeFromError(error), { files: error.message });
    }
    await discardStoredFiles(ctx, stored);
    throw error;
  }
  seenFields = fields;
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const parsed = parseForm(form, quoteRequestForm);
  if (!parsed.ok) {
    return refused(400, parsed.errors);
  }
  try {
    const created = await createQuoteRequest(ctx, parsed.value, stored);
    return { ok: true, requestNumber: created.requestNumber };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return refused(400, { neededBy: error.message });
    }
    await discardStoredFiles(ctx, stored);
    throw error;
  }
}
