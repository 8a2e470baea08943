import type { ApiContext } from "../context.ts";
import { notFound } from "../errors.ts";
import type { FileForDownload } from "../files/job-file-access.ts";

type Customer = Extract<ApiContext["actor"], { type: "customer" }>;

const FILE_NOT_FOUND = "File not found.";

export interface RequestFile {
  id: number;
  fileName: string;
  contentType: string;
  byteSize: number;
}

/** A request's files, scoped to one customer's requests when `customerId` is given (in SQL). */
function requestFiles(ctx: ApiContext, requestNumber: string, customerId: number | null) {
  let query = ctx.db
    .selectFrom("quote_request_files as f")
    .innerJoin("quote_requests as q", "q.id", "f.request_id")
    .where("q.request_number", "=", requestNumber)
    .where("q.deleted_at", "is", null);
  if (customerId !== null) query = query.where("q.customer_id", "=", customerId);
  return query;
}

/** The files of one of the signed-in customer's requests (another's: none). */
export function customerRequestFiles(ctx: ApiContext & { actor: Customer }, requestNumber: string) {
  return listOf(requestFiles(ctx, requestNumber, ctx.actor.customerId));
}

/** The files of any request, for staff (the caller has checked the actor is staff). */
export function staffRequestFiles(ctx: ApiContext, requestNumber: string) {
  return listOf(requestFiles(ctx, requestNumber, null));
}

async function listOf(query: ReturnType<typeof requestFiles>): Promise<RequestFile[]> {
  const rows = await query
    .select(["f.id", "f.file_name", "f.content_type", "f.byte_size"])
    .orderBy("f.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    contentType: r.content_type,
    byteSize: Number(r.byte_size),
  }));
}

async function downloadOf(
  query: ReturnType<typeof requestFiles>,
  fileId: number,
): Promise<FileForDownload> {
  const row = await query
    .select(["f.id", "f.storage_key", "f.file_name", "f.content_type", "f.byte_size", "f.sha256"])
    .where("f.id", "=", fileId)
    .executeTakeFirst();
  if (!row) throw notFound(FILE_NOT_FOUND);
  return {
    id: row.id,
    storageKey: row.storage_key,
    fileName: row.file_name,
    contentType: row.content_type,
    byteSize: Number(row.byte_size),
    sha256: row.sha256,
    // The customer sent it: theirs to see, but never kept in a shared cache either way.
    visibleToCustomer: false,
  };
}

/** A file of one of the signed-in customer's requests; another customer's is "not found". */
export function customerRequestFileForDownload(
  ctx: ApiContext & { actor: Customer },
  requestNumber: string,
  fileId: number,
) {
  return downloadOf(requestFiles(ctx, requestNumber, ctx.actor.customerId), fileId);
}

/** A file of any request, for staff. */
export function staffRequestFileForDownload(
  ctx: ApiContext,
  requestNumber: string,
  fileId: number,
) {
  return downloadOf(requestFiles(ctx, requestNumber, null), fileId);
}
