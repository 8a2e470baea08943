import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { notFound } from "../errors.ts";

type Customer = Extract<ApiContext["actor"], { type: "customer" }>;

export const FILE_NOT_FOUND = "File not found.";

/** What a download needs: the bytes' key and the headers' facts. */
export interface FileForDownload {
  id: number;
  storageKey: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  /** Private files (not visible to the customer) are sent with `Cache-Control: no-store`. */
  visibleToCustomer: boolean;
}

function fileForDownload(ctx: ApiContext) {
  return ctx.db
    .selectFrom("job_files as f")
    .innerJoin("jobs as j", "j.id", "f.job_id")
    .select([
      "f.id",
      "f.storage_key",
      "f.file_name",
      "f.content_type",
      "f.byte_size",
      "f.sha256",
      "f.visible_to_customer",
    ])
    .where("f.deleted_at", "is", null)
    .where("j.deleted_at", "is", null);
}

function toDownload(row: {
  id: number;
  storage_key: string;
  file_name: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  visible_to_customer: boolean;
}): FileForDownload {
  return {
    id: row.id,
    storageKey: row.storage_key,
    fileName: row.file_name,
    contentType: row.content_type,
    byteSize: row.byte_size,
    sha256: row.sha256,
    visibleToCustomer: row.visible_to_customer,
  };
}

/** Any file of any job, for staff (the caller has checked the actor is staff). */
export async function staffFileForDownload(ctx: ApiContext, fileId: number) {
  const row = await fileForDownload(ctx).where("f.id", "=", fileId).executeTakeFirst();
  if (!row) throw notFound(FILE_NOT_FOUND);
  return toDownload(row);
}

/**
 * A file of one of the signed-in customer's jobs that the customer may see (shared with them, or
 * their own upload, which is always shared): scoped by the session's customer id in SQL. Anything
 * else, another customer's or an internal file, is the same "not found".
 */
export async function customerFileForDownload(
  ctx: ApiContext & { actor: Customer },
  jobNumber: string,
  fileId: number,
  options: { audit: boolean },
) {
  const row = await fileForDownload(ctx)
    .where("f.id", "=", fileId)
    .where("j.job_number", "=", jobNumber)
    .where("j.customer_id", "=", ctx.actor.customerId)
    .where("f.visible_to_customer", "=", true)
    .executeTakeFirst();
  if (!row) throw notFound(FILE_NOT_FOUND);
  if (options.audit) {
    await audit(ctx, {
      action: "customer.file.download",
      targetType: "file",
      targetId: row.id,
      details: { jobNumber },
    });
  }
  return toDownload(row);
}

function thumbnailQuery(ctx: ApiContext, fileId: number) {
  return ctx.db
    .selectFrom("job_files as f")
    .innerJoin("jobs as j", "j.id", "f.job_id")
    .select(["f.thumbnail", "f.sha256"])
    .where("f.id", "=", fileId)
    .where("f.deleted_at", "is", null)
    .where("j.deleted_at", "is", null);
}

function thumbnailOrNotFound(row: { thumbnail: Buffer | null; sha256: string } | undefined) {
  if (!row?.thumbnail) throw notFound(FILE_NOT_FOUND);
  return { bytes: row.thumbnail, sha256: row.sha256 };
}

/** A file's thumbnail (WebP) for staff; not found if it has none. */
export async function staffFileThumbnail(ctx: ApiContext, fileId: number) {
  return thumbnailOrNotFound(await thumbnailQuery(ctx, fileId).executeTakeFirst());
}

/** The thumbnail of a file the signed-in customer may see (same scope as the download). */
export async function customerFileThumbnail(
  ctx: ApiContext & { actor: Customer },
  jobNumber: string,
  fileId: number,
) {
  const row = await thumbnailQuery(ctx, fileId)
    .where("j.job_number", "=", jobNumber)
    .where("j.customer_id", "=", ctx.actor.customerId)
    .where("f.visible_to_customer", "=", true)
    .executeTakeFirst();
  return thumbnailOrNotFound(row);
}
