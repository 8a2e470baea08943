import type { Readable } from "node:stream";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { notFound } from "../errors.ts";
import type { JobFile } from "../schemas/files.ts";
import { customerFileAttachInput, staffFileAttachInput } from "../schemas/files.ts";
import { loadStaffJob } from "../staff/staff-job.ts";
import { staffWrite } from "../staff/staff-write.ts";
import { createFileStorage } from "./create-storage.ts";
import { FileRejectedError, type IntakeResult, intakeFile } from "./intake.ts";
import { jobFileQuery, toJobFile } from "./job-file-view.ts";

type Staff = Extract<ApiContext["actor"], { type: "staff" }>;
type Customer = Extract<ApiContext["actor"], { type: "customer" }>;
type Body = Readable | AsyncIterable<Uint8Array>;

const JOB_NOT_FOUND = "Job not found.";

/** A refused file as the client sees it: 413 for too large, 400 otherwise; the message as is. */
function asClientError(error: unknown): unknown {
  if (!(error instanceof FileRejectedError)) return error;
  return new TRPCError({
    code: error.reason === "too_large" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
    message: error.message,
    cause: error,
  });
}

async function intake(ctx: ApiContext, body: Body): Promise<IntakeResult> {
  try {
    return await intakeFile(createFileStorage(ctx), body);
  } catch (error) {
    throw asClientError(error);
  }
}

/** Runs the row's write; if it fails or did not use the stored bytes, the bytes are deleted. */
async function keepOnlyIfUsed<T extends { file: JobFile }>(
  ctx: ApiContext,
  stored: IntakeResult,
  write: () => Promise<T>,
  usedKey: (result: T) => Promise<boolean>,
): Promise<T> {
  const storage = createFileStorage(ctx);
  let result: T;
  try {
    result = await write();
  } catch (error) {
    await storage.delete(stored.key).catch(() => {});
    throw error;
  }
  if (!(await usedKey(result))) await storage.delete(stored.key).catch(() => {});
  return result;
}

async function storageKeyOf(ctx: ApiContext, fileId: number) {
  const row = await ctx.db
    .selectFrom("job_files")
    .select("storage_key")
    .where("id", "=", fileId)
    .executeTakeFirst();
  return row?.storage_key;
}

/**
 * A staff upload (web page or console): the job must exist before a byte is stored; the file
 * is checked and stored by `intakeFile`, then the row is written by `staffWrite` (idempotent:
 * a console's retry with the same key returns the first result and its bytes are dropped).
 * Staff uploads are hidden from the customer unless `visibleToCustomer` says otherwise.
 */
export async function attachFileAsStaff(
  ctx: ApiContext & { actor: Staff },
  fields: unknown,
  body: Body,
): Promise<{ file: JobFile; txid: string }> {
  const input = parseFields(staffFileAttachInput, fields);
  const job = await loadStaffJob(ctx.db, input.jobNumber);
  if (!job) throw notFound(JOB_NOT_FOUND);
  const stored = await intake(ctx, body);
  return keepOnlyIfUsed(
    ctx,
    stored,
    () =>
      staffWrite(ctx, "staff.jobs.files.add", input.idempotencyKey, async (trx) => {
        const row = await trx
          .insertInto("job_files")
          .values({
            ...rowValues(job.id, input, stored),
            visible_to_customer: input.visibleToCustomer ?? false,
            uploaded_by_staff: ctx.actor.staffId,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const file = toJobFile(
          await jobFileQuery(trx).where("f.id", "=", row.id).executeTakeFirstOrThrow(),
        );
        await audit(
          ctx,
          {
            action: "staff.file.add",
            targetType: "file",
            targetId: row.id,
            details: {
              jobNumber: job.jobNumber,
              after: {
                fileName: file.fileName,
                caption: file.caption,
                visibleToCustomer: file.visibleToCustomer,
              },
            },
          },
          trx,
        );
        return { file };
      }),
    async (result) => (await storageKeyOf(ctx, result.file.id)) === stored.key,
  );
}

/**
 * A customer's upload to one of their own jobs (scoped by the session's customer id in SQL).
 * Their uploads are always visible to staff and to themselves.
 */
export async function attachFileAsCustomer(
  ctx: ApiContext & { actor: Customer },
  fields: unknown,
  body: Body,
): Promise<{ file: JobFile }> {
  const input = parseFields(customerFileAttachInput, fields);
  const job = await ctx.db
    .selectFrom("jobs")
    .select(["id", "job_number"])
    .where("job_number", "=", input.jobNumber)
    .where("customer_id", "=", ctx.actor.customerId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!job) throw notFound(JOB_NOT_FOUND);
  const stored = await intake(ctx, body);
  const result = await keepOnlyIfUsed(
    ctx,
    stored,
    () =>
      ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("job_files")
          .values({
            ...rowValues(job.id, input, stored),
            visible_to_customer: true,
            uploaded_by_customer: ctx.actor.customerId,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await audit(
          ctx,
          {
            action: "customer.file.add",
            targetType: "file",
            targetId: row.id,
            details: { jobNumber: job.job_number, fileName: input.fileName },
          },
          trx,
        );
        const file = toJobFile(
          await jobFileQuery(trx).where("f.id", "=", row.id).executeTakeFirstOrThrow(),
        );
        return { file };
      }),
    async () => true,
  );
  ctx.changes?.notifyLocalCommit();
  return result;
}

function rowValues(
  jobId: number,
  input: { fileName: string; caption?: string | undefined },
  stored: IntakeResult,
) {
  return {
    job_id: jobId,
    storage_key: stored.key,
    file_name: input.fileName,
    content_type: stored.contentType,
    byte_size: stored.byteSize,
    sha256: stored.sha256,
    caption: input.caption ?? "",
    thumbnail: stored.thumbnail,
    page_count: stored.pageCount,
  };
}

function parseFields<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  fields: unknown,
): T {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: parsed.error.issues.map((i) => i.message).join(" "),
    });
  }
  return parsed.data;
}
