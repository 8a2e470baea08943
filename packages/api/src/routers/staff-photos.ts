import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import { notFound } from "../errors.ts";
import { PhotoRejectedError, processPhoto } from "../photos/process-photo.ts";
import {
  staffPhotoAddInput,
  staffPhotoGetInput,
  staffPhotoRemoveInput,
  staffPhotoVisibilityInput,
} from "../schemas/staff.ts";
import { loadStaffJob } from "../staff/staff-job.ts";
import { staffWrite } from "../staff/staff-write.ts";
import { router, staffProcedure } from "../trpc.ts";

const PHOTO_NOT_FOUND = "Photo not found.";

export const staffPhotosRouter = router({
  add: staffProcedure.input(staffPhotoAddInput).mutation(async ({ ctx, input }) => {
    let processed: Awaited<ReturnType<typeof processPhoto>>;
    try {
      // CPU work before the transaction, so no row lock waits on image encoding.
      processed = await processPhoto(Buffer.from(input.base64, "base64"));
    } catch (error) {
      if (error instanceof PhotoRejectedError) {
        throw new TRPCError({
          code: error.tooLarge ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
          message: error.message,
        });
      }
      throw error;
    }
    return staffWrite(ctx, "staff.jobs.photos.add", input.idempotencyKey, async (trx) => {
      const job = await loadStaffJob(trx, input.jobNumber);
      if (!job) throw notFound("Job not found.");
      const row = await trx
        .insertInto("job_photos")
        .values({
          job_id: job.id,
          content_type: processed.contentType,
          data: processed.data,
          thumbnail: processed.thumbnail,
          width: processed.width,
          height: processed.height,
          byte_size: processed.data.length,
          caption: input.caption ?? "",
          visible_to_customer: input.visibleToCustomer ?? false,
          uploaded_by: ctx.actor.staffId,
        })
        .returning(["id", "created_at", "version"])
        .executeTakeFirstOrThrow();
      const photo = {
        id: row.id,
        jobNumber: job.jobNumber,
        caption: input.caption ?? "",
        contentType: processed.contentType,
        width: processed.width,
        height: processed.height,
        byteSize: processed.data.length,
        visibleToCustomer: input.visibleToCustomer ?? false,
        createdAt: row.created_at.toISOString(),
        version: row.version,
      };
      await audit(
        ctx,
        {
          action: "staff.photo.add",
          targetType: "photo",
          targetId: row.id,
          details: {
            jobNumber: job.jobNumber,
            after: { caption: photo.caption, visibleToCustomer: photo.visibleToCustomer },
          },
        },
        trx,
      );
      return { photo };
    });
  }),

  remove: staffProcedure.input(staffPhotoRemoveInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.photos.remove", input.idempotencyKey, async (trx) => {
      const row = await trx
        .updateTable("job_photos")
        .set({ deleted_at: ctx.clock.now() })
        .where("id", "=", input.photoId)
        .where("deleted_at", "is", null)
        .returning(["id", "caption", "visible_to_customer", "version", "deleted_at"])
        .executeTakeFirst();
      if (!row) throw notFound(PHOTO_NOT_FOUND);
      await audit(
        ctx,
        {
          action: "staff.photo.remove",
          targetType: "photo",
          targetId: row.id,
          details: { before: { caption: row.caption, visibleToCustomer: row.visible_to_customer } },
        },
        trx,
      );
      return {
        ok: true as const,
        photoId: row.id,
        photo: { id: row.id, version: row.version, deletedAt: row.deleted_at!.toISOString() },
      };
    }),
  ),

  setVisibility: staffProcedure.input(staffPhotoVisibilityInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.photos.setVisibility", input.idempotencyKey, async (trx) => {
      const before = await trx
        .selectFrom("job_photos")
        .select(["id", "visible_to_customer"])
        .where("id", "=", input.photoId)
        .where("deleted_at", "is", null)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound(PHOTO_NOT_FOUND);
      const row = await trx
        .updateTable("job_photos")
        .set({ visible_to_customer: input.visibleToCustomer })
        .where("id", "=", input.photoId)
        .returning(["id", "visible_to_customer", "version"])
        .executeTakeFirstOrThrow();
      await audit(
        ctx,
        {
          action: "staff.photo.setVisibility",
          targetType: "photo",
          targetId: row.id,
          details: {
            changes: {
              visibleToCustomer: {
                before: before.visible_to_customer,
                after: row.visible_to_customer,
              },
            },
          },
        },
        trx,
      );
      return {
        photo: { id: row.id, visibleToCustomer: row.visible_to_customer, version: row.version },
      };
    }),
  ),

  get: staffProcedure.input(staffPhotoGetInput).query(async ({ ctx, input }) => {
    const photo = await ctx.db
      .selectFrom("job_photos")
      .select(["content_type", input.variant === "thumb" ? "thumbnail as bytes" : "data as bytes"])
      .where("id", "=", input.photoId)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (!photo) throw notFound(PHOTO_NOT_FOUND);
    return { contentType: photo.content_type, base64: photo.bytes.toString("base64") };
  }),
});
