import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { createFileStorage } from "../files/create-storage.ts";
import { FILE_NOT_FOUND } from "../files/job-file-access.ts";
import { jobFileQuery, toJobFile } from "../files/job-file-view.ts";
import {
  staffFileCaptionInput,
  staffFileGetInput,
  staffFileListInput,
  staffFileRemoveInput,
  staffFileVisibilityInput,
} from "../schemas/files.ts";
import { loadStaffJob } from "../staff/staff-job.ts";
import { staffWrite } from "../staff/staff-write.ts";
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

  setCaption: staffProcedure.input(staffFileCaptionInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.files.setCaption", input.idempotencyKey, async (trx) => {
      const before = await lockFile(trx, input.fileId);
      await trx
        .updateTable("job_files")
        .set({ caption: input.caption })
        .where("id", "=", input.fileId)
        .execute();
      await audit(
        ctx,
        {
          action: "staff.file.setCaption",
          targetType: "file",
          targetId: input.fileId,
          details: {
            jobNumber: before.job_number,
            changes: { caption: { before: before.caption, after: input.caption } },
          },
        },
        trx,
      );
      return { file: await fileById(trx, input.fileId) };
    }),
  ),

  setVisibility: staffProcedure.input(staffFileVisibilityInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.files.setVisibility", input.idempotencyKey, async (trx) => {
      const before = await lockFile(trx, input.fileId);
      await trx
        .updateTable("job_files")
        // A customer's own upload stays visible (the database refuses hiding it).
        .set({ visible_to_customer: input.visibleToCustomer })
        .where("id", "=", input.fileId)
        .where("uploaded_by_customer", "is", null)
        .execute();
      const file = await fileById(trx, input.fileId);
      await audit(
        ctx,
        {
          action: "staff.file.setVisibility",
          targetType: "file",
          targetId: input.fileId,
          details: {
            jobNumber: before.job_number,
            changes: {
              visibleToCustomer: {
                before: before.visible_to_customer,
                after: file.visibleToCustomer,
              },
            },
          },
        },
        trx,
      );
      return { file };
    }),
  ),

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
