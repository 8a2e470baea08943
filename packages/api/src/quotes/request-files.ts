import type { Readable } from "node:stream";
import type { Db } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { createFileStorage } from "../files/create-storage.ts";
import { FileRejectedError, type IntakeResult, intakeFile } from "../files/intake.ts";
import { fileNameSchema } from "../schemas/files.ts";
import { requestNumberSchema } from "../schemas/quotes.ts";

type Customer = Extract<ApiContext["actor"], { type: "customer" }>;

const REQUEST_NOT_FOUND = "Quote request not found.";

/**
 * A file for one of the customer's open quote requests (requested or quoted), streamed through
 * the files intake (type by content, size limit) into the file storage. A refused file stores
 * nothing; a failed row write deletes the stored bytes.
 */
export async function attachFileToQuoteRequest(
  ctx: ApiContext & { actor: Customer },
  fields: { requestNumber: unknown; fileName: unknown },
  body: Readable | AsyncIterable<Uint8Array>,
): Promise<{ id: number; fileName: string; byteSize: number }> {
  const requestNumber = requestNumberSchema.safeParse(fields.requestNumber);
  const fileName = fileNameSchema.safeParse(fields.fileName);
  if (!requestNumber.success || !fileName.success) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "Give the request number and the file's name.",
    });
  }
  const request = await ctx.db
    .selectFrom("quote_requests")
    .select(["id", "status"])
    .where("request_number", "=", requestNumber.data)
    .where("customer_id", "=", ctx.actor.customerId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!request) throw notFound(REQUEST_NOT_FOUND);
  if (request.status !== "requested" && request.status !== "quoted") {
    throw new TRPCError({
      code: "CONFLICT",
      message: "This request is answered: files can no longer be added.",
    });
  }
  const storage = createFileStorage(ctx);
  const stored = { ...(await intakeRequestFile(ctx, body)), fileName: fileName.data };
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const [row] = await insertStoredRequestFiles(trx, request.id, [stored]);
      // The request's row carries its file list to the consoles (SYNC_COLUMNS): touching it in
      // this transaction gives it this txid, so the next pull delivers the new file.
      await trx
        .updateTable("quote_requests")
        .set({ updated_at: ctx.clock.now() })
        .where("id", "=", request.id)
        .execute();
      await audit(
        ctx,
        {
          action: "customer.quote.file",
          targetType: "quote_request",
          targetId: requestNumber.data,
          details: { fileName: fileName.data },
        },
        trx,
      );
      return row as { id: number; fileName: string; byteSize: number };
    });
  } catch (error) {
    await storage.delete(stored.key).catch(() => {});
    throw error;
  }
}

/** A file taken in by the intake (stored, no row yet) and the name it came with. */
export type StoredRequestFile = IntakeResult & { fileName: string };

/**
 * Streams one file through the files intake (type by content, size limit) into the storage;
 * a refusal is a TRPCError with the user's message (413 too large, 400 otherwise).
 */
export async function intakeRequestFile(
  ctx: ApiContext,
  body: Readable | AsyncIterable<Uint8Array>,
): Promise<IntakeResult> {
  return intakeFile(createFileStorage(ctx), body).catch((error: unknown) => {
    if (error instanceof FileRejectedError) {
      throw new TRPCError({
        code: error.reason === "too_large" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
        message: error.message,
      });
    }
    throw error;
  });
}

/** Deletes stored bytes that did not become rows (a refused request). Never throws. */
export async function discardStoredFiles(
  ctx: ApiContext,
  files: readonly { key: string }[],
): Promise<void> {
  const storage = createFileStorage(ctx);
  await Promise.all(files.map((f) => storage.delete(f.key).catch(() => {})));
}

export async function insertStoredRequestFiles(
  trx: Db,
  requestId: number,
  files: readonly StoredRequestFile[],
): Promise<{ id: number; fileName: string; byteSize: number }[]> {
  if (files.length === 0) return [];
  const rows = await trx
    .insertInto("quote_request_files")
    .values(
      files.map((f) => ({
        request_id: requestId,
        storage_key: f.key,
        file_name: f.fileName,
        content_type: f.contentType,
        byte_size: f.byteSize,
        sha256: f.sha256,
        thumbnail: f.thumbnail,
        page_count: f.pageCount,
      })),
    )
    .returning(["id", "file_name", "byte_size"])
    .execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, byteSize: Number(r.byte_size) }));
}

/** At conversion: the request's files become the new job's files (same stored bytes). */
export async function moveRequestFilesToJob(
  trx: Db,
  request: { id: number; customerId: number },
  jobId: number,
): Promise<number> {
  const moved = await trx
    .insertInto("job_files")
    .columns([
      "job_id",
      "storage_key",
      "file_name",
      "content_type",
      "byte_size",
      "sha256",
      "thumbnail",
      "page_count",
      "visible_to_customer",
      "uploaded_by_customer",
    ])
    .expression((eb) =>
      eb
        .selectFrom("quote_request_files")
        .select((s) => [
          s.val(jobId).as("job_id"),
          "storage_key",
          "file_name",
          "content_type",
          "byte_size",
          "sha256",
          "thumbnail",
          "page_count",
          s.val(true).as("visible_to_customer"),
          s.val(request.customerId).as("uploaded_by_customer"),
        ])
        .where("request_id", "=", request.id),
    )
    .executeTakeFirst();
  await trx.deleteFrom("quote_request_files").where("request_id", "=", request.id).execute();
  return Number(moved.numInsertedOrUpdatedRows ?? 0);
}
