import type { Db } from "@traveler/db";
import type { CustomerJobFile, JobFile } from "../schemas/files.ts";

/** The file rows of a job as staff and customers read them (one query shape, two views). */
export function jobFileQuery(db: Db) {
  return db
    .selectFrom("job_files as f")
    .leftJoin("staff_users as s", "s.id", "f.uploaded_by_staff")
    .leftJoin("customers as c", "c.id", "f.uploaded_by_customer")
    .select((eb) => [
      "f.id",
      "f.job_id",
      "f.file_name",
      "f.content_type",
      "f.byte_size",
      "f.sha256",
      "f.caption",
      "f.visible_to_customer",
      "f.uploaded_by_customer",
      "f.page_count",
      "f.created_at",
      "f.version",
      eb("f.thumbnail", "is not", null).as("has_thumbnail"),
      eb.fn.coalesce("s.display_name", "c.name").as("uploader_name"),
    ])
    .where("f.deleted_at", "is", null)
    .orderBy("f.created_at")
    .orderBy("f.id");
}

type JobFileRow = Awaited<ReturnType<ReturnType<typeof jobFileQuery>["executeTakeFirstOrThrow"]>>;

export function toJobFile(row: JobFileRow): JobFile {
  return {
    id: row.id,
    jobId: row.job_id,
    fileName: row.file_name,
    contentType: row.content_type,
    byteSize: row.byte_size,
    sha256: row.sha256,
    caption: row.caption,
    visibleToCustomer: row.visible_to_customer,
    uploadedBy: {
      kind: row.uploaded_by_customer === null ? "staff" : "customer",
      name: row.uploader_name ?? "",
    },
    hasThumbnail: Boolean(row.has_thumbnail),
    pageCount: row.page_count,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

export function toCustomerJobFile(row: JobFileRow): CustomerJobFile {
  return {
    id: row.id,
    fileName: row.file_name,
    contentType: row.content_type,
    byteSize: row.byte_size,
    caption: row.caption,
    uploadedByYou: row.uploaded_by_customer !== null,
    hasThumbnail: Boolean(row.has_thumbnail),
    pageCount: row.page_count,
    createdAt: row.created_at.toISOString(),
  };
}
