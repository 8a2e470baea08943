import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { createFileStorage } from "../files/create-storage.ts";
import { FILE_NOT_FOUND } from "../files/job-file-access.ts";
import { jobFileQuery, toJobFile } from "../files/job-file-view.ts";
import {
  type JobFile,
  staffFileCaptionInput,
  staffFileGetInput,
  staffFileListInput,
  staffFileRemoveInput,
  staffFileVisibilityInput,
} from "../schemas/files.ts";
import { loadStaffJob } from "../staff/staff-job.ts";
import { type StaffContext, staffWrite } from "../staff/staff-write.ts";
import { router, staffProcedure } from "../trpc.ts";

type Db = ApiContext["db"];

/** Locks a live file row for a change, or says it is not found. */
async function lockFile(trx: Db, fileId: number) {
  const row = await trx
    .selectFrom("job_files as f")
    .innerJoin("jobs as j", "j.id", "f.job_id")
    .select(["f.id", "f.caption", "f.visible_to_customer", "f.file_name", "j.job_number"])
    .where("f.id", "=", fileId)
    .where("f.deleted_at", "is", null)
    .forUpdate("f")
    .executeTakeFirst();
  if (!row) throw notFound(FILE_NOT_FOUND);
  return row;
}

async function fileById(trx: Db, fileId: number) {
  return toJobFile(await jobFileQuery(trx).where("f.id", "=", fileId).executeTakeFirstOrThrow());
}

/** The fields staff change one at a time: the procedure's name and the column. */
const FILE_FIELDS = {
  caption: { procedure: "setCaption", column: "caption" },
  visibleToCustomer: { procedure: "setVisibility", column: "visible_to_customer" },
} as const;
type FileField = keyof typeof FILE_FIELDS;

/**
 * Sets one field of a live file (locked first), audits it with its value before and after, and
 * returns the file. A customer's own upload stays visible (the update skips it; the database
 * refuses hiding it too).
 */
function setFileField<F extends FileField>(
  ctx: StaffContext,
  field: F,
  input: { fileId: number; idempotencyKey?: string | undefined } & Record<F, JobFile[F]>,
) {
  const { procedure, column } = FILE_FIELDS[field];
  return staffWrite(ctx, `staff.jobs.files.${procedure}`, input.idempotencyKey, async (trx) => {
    const before = await lockFile(trx, input.fileId);
    await trx
      .updateTable("job_files")
      .set({ [column]: input[field] })
      .where("id", "=", input.fileId)
      .$if(field === "visibleToCustomer", (q) => q.where("uploaded_by_customer", "is", null))
      .execute();
    const file = await fileById(trx, input.fileId);
    await audit(
      ctx,
      {
        action: `staff.file.${procedure}`,
        targetType: "file",
        targetId: input.fileId,
        details: {
          jobNumber: before.job_number,
          changes: { [field]: { before: before[column], after: file[field] } },
        },
      },
      trx,
    );
    return { file };
  });
}

/**
 * Files on a job, for staff: metadata only (bytes go over the portal's HTTP routes, see
 * docs/api.md). Every write is a `staffWrite`: one transaction, audited, idempotent by key.
 */
export const staffFilesRouter = router({
  list: staffProcedure.input(staffFileListInput).query(async ({ ctx, input }) => {
    const job = await loadStaffJob(ctx.db, input.jobNumber);
    if (!job) throw notFound("Job not found.");
    const rows = await jobFileQuery(ctx.db).where("f.job_id", "=", job.id).execute();
    return { files: rows.map(toJobFile) };
  }),

  get: staffProcedure.input(staffFileGetInput).query(async ({ ctx, input }) => {
    const row = await jobFileQuery(ctx.db)
      .innerJoin("jobs as j", "j.id", "f.job_id")
      .where("j.deleted_at", "is", null)
      .where("f.id", "=", input.fileId)
      .executeTakeFirst();
    if (!row) throw notFound(FILE_NOT_FOUND);
    return { file: toJobFile(row) };
  }),

  setCaption: staffProcedure
    .input(staffFileCaptionInput)
    .mutation(({ ctx, input }) => setFileField(ctx, "caption", input)),

  setVisibility: staffProcedure
    .input(staffFileVisibilityInput)
    .mutation(({ ctx, input }) => setFileField(ctx, "visibleToCustomer", input)),

  remove: staffProcedure.input(staffFileRemoveInput).mutation(async ({ ctx, input }) => {
    const result = await staffWrite(
      ctx,
      "staff.jobs.files.remove",
      input.idempotencyKey,
      async (trx) => {
        const before = await lockFile(trx, input.fileId);
        const row = await trx
          .updateTable("job_files")
          .set({ deleted_at: ctx.clock.now() })
          .where("id", "=", input.fileId)
          .returning(["id", "version", "deleted_at", "storage_key"])
          .executeTakeFirstOrThrow();
        await audit(
          ctx,
          {
            action: "staff.file.remove",
            targetType: "file",
            targetId: row.id,
            details: {
              jobNumber: before.job_number,
              before: {
                fileName: before.file_name,
                caption: before.caption,
                visibleToCustomer: before.visible_to_customer,
              },
            },
          },
          trx,
        );
        return {
          ok: true as const,
          fileId: row.id,
          storageKey: row.storage_key,
          file: { id: row.id, version: row.version, deletedAt: row.deleted_at!.toISOString() },
        };
      },
    );
    // The row stays as a tombstone for consoles; the bytes go once the delete has committed.
    await createFileStorage(ctx).delete(result.storageKey);
    const { storageKey: _key, ...out } = result;
    return out;
  }),
});
