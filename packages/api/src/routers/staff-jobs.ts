import type { Db, JobStatus } from "@traveler/db";
import { sql } from "kysely";
import { audit, changedFields } from "../audit.ts";
import { queueJobUpdateEmail } from "../email/index.ts";
import { badInput, notFound } from "../errors.ts";
import { containsPattern } from "../like-pattern.ts";
import { guardWaitingProof } from "../proofs/proof-guard.ts";
import { JOB_FIELD_LABELS } from "../schemas/labels.ts";
import {
  jobNumberInput,
  staffJobCreateInput,
  staffJobDeleteInput,
  staffJobListInput,
  staffJobSetProgressInput,
  staffJobSetStatusInput,
  staffJobUpdateInput,
} from "../schemas/staff.ts";
import { mergeEdit } from "../staff/merge-edit.ts";
import {
  JOB_FIELD_COLUMNS,
  loadStaffJob,
  STAFF_JOB_COLUMNS,
  type StaffJob,
  staffJobQuery,
  toStaffJob,
} from "../staff/staff-job.ts";
import { staffWrite } from "../staff/staff-write.ts";
import { loadJobHistory } from "../timeline/job-timeline.ts";
import { router, staffProcedure } from "../trpc.ts";
import { staffFilesRouter } from "./staff-files.ts";
import { staffPhotosRouter } from "./staff-photos.ts";
import { staffProofsRouter } from "./staff-proofs.ts";

const JOB_NOT_FOUND = "Job not found.";

/** A job's owner must be an active staff member. */
async function checkOwner(trx: Db, ownerId: number): Promise<void> {
  const owner = await trx
    .selectFrom("staff_users")
    .select("id")
    .where("id", "=", ownerId)
    .where("active", "=", true)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!owner) throw badInput("Choose an active staff member as the owner.");
}

type JobPatch = Partial<Record<keyof typeof JOB_FIELD_COLUMNS, unknown>>;

/** Column values for the fields present in a patch (specifications stored as JSON). */
function columnsOf(patch: JobPatch): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(JOB_FIELD_COLUMNS)) {
    const value = patch[field as keyof JobPatch];
    if (value === undefined) continue;
    values[column] = field === "specifications" ? JSON.stringify(value) : value;
  }
  return values;
}

function pick(job: StaffJob, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = job[f as keyof StaffJob];
  return out;
}

export const staffJobsRouter = router({
  list: staffProcedure.input(staffJobListInput).query(async ({ ctx, input }) => {
    const page = input?.page ?? 1;
    const limit = input?.limit ?? 50;
    let query = ctx.db
      .selectFrom("jobs as j")
      .innerJoin("customers as c", "c.id", "j.customer_id")
      .leftJoin("staff_users as o", "o.id", "j.owner_id");
    if (!input?.includeDeleted) query = query.where("j.deleted_at", "is", null);
    if (input?.status?.length) query = query.where("j.status", "in", input.status);
    else if (!input?.includeCompleted) query = query.where("j.status", "<>", "completed");
    if (input?.customerId) query = query.where("j.customer_id", "=", input.customerId);
    if (input?.ownerId !== undefined) {
      query =
        input.ownerId === null
          ? query.where("j.owner_id", "is", null)
          : query.where("j.owner_id", "=", input.ownerId);
    }
    if (input?.rush !== undefined) query = query.where("j.rush", "=", input.rush);
    const q = input?.q;
    if (q) {
      const pattern = containsPattern(q);
      query = query.where((eb) =>
        eb.or([
          eb(sql<boolean>`j.search_vector @@ plainto_tsquery('simple', ${q})`, "=", true),
          eb("j.job_number", "ilike", pattern),
          eb("j.title", "ilike", pattern),
          eb("c.name", "ilike", pattern),
        ]),
      );
    }
    const ordered =
      input?.sort === "due"
        ? query
            .select(STAFF_JOB_COLUMNS)
            .orderBy(sql`j.estimated_completion asc nulls last`)
            .orderBy("j.id", "asc")
        : query.select(STAFF_JOB_COLUMNS).orderBy("j.updated_at", "desc").orderBy("j.id", "desc");
    const [rows, count] = await Promise.all([
      ordered
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toStaffJob), total: Number(count.n), page, limit };
  }),

  get: staffProcedure.input(jobNumberInput).query(async ({ ctx, input }) => {
    const row = await staffJobQuery(ctx.db)
      .select(["c.email as customer_email"])
      .where("j.job_number", "=", input.jobNumber)
      .executeTakeFirst();
    if (!row) throw notFound(JOB_NOT_FOUND);
    const [history, photos] = await Promise.all([
      loadJobHistory(ctx.db, row.id),
      ctx.db
        .selectFrom("job_photos")
        .select([
          "id",
          "caption",
          "content_type",
          "width",
          "height",
          "byte_size",
          "visible_to_customer",
          "created_at",
          "version",
        ])
        .where("job_id", "=", row.id)
        .where("deleted_at", "is", null)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
    ]);
    return {
      job: toStaffJob(row),
      customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
      history,
      photos: photos.map((p) => ({
        id: p.id,
        caption: p.caption,
        contentType: p.content_type,
        width: p.width,
        height: p.height,
        byteSize: p.byte_size,
        visibleToCustomer: p.visible_to_customer,
        createdAt: p.created_at.toISOString(),
        version: p.version,
      })),
    };
  }),

  create: staffProcedure.input(staffJobCreateInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.create", input.idempotencyKey, async (trx) => {
      const customer = await trx
        .selectFrom("customers")
        .select("id")
        .where("id", "=", input.customerId)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      if (!customer) throw badInput("That customer does not exist.");
      if (input.ownerId) await checkOwner(trx, input.ownerId);
      const { idempotencyKey: _key, customerId, ...fields } = input;
      const inserted = await trx
        .insertInto("jobs")
        .values({
          ...(columnsOf(fields) as { title: string }),
          customer_id: customerId,
          created_by: ctx.actor.staffId,
        })
        .returning(["id", "job_number"])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("job_status_history")
        .values({
          job_id: inserted.id,
          status: "not_started",
          progress_percentage: 0,
          notes: "Job created.",
          visible_to_customer: true,
          updated_by: ctx.actor.staffId,
          created_at: ctx.clock.now(),
        })
        .execute();
      const job = (await loadStaffJob(trx, inserted.job_number))!;
      await audit(
        ctx,
        {
          action: "staff.job.create",
          targetType: "job",
          targetId: job.jobNumber,
          details: { after: pick(job, ["customerId", ...Object.keys(fields)]) },
        },
        trx,
      );
      return { job };
    }),
  ),

  update: staffProcedure.input(staffJobUpdateInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.update", input.idempotencyKey, async (trx) => {
      const before = await loadStaffJob(trx, input.jobNumber, { forUpdate: true });
      if (!before) throw notFound(JOB_NOT_FOUND);
      const patch = mergeEdit(before, input, JOB_FIELD_LABELS);
      const changes = changedFields(before, patch);
      if (Object.keys(changes).length === 0) return { job: before };
      const changedPatch = Object.fromEntries(Object.keys(changes).map((k) => [k, patch[k]]));
      if (changedPatch.ownerId) await checkOwner(trx, changedPatch.ownerId as number);
      await trx
        .updateTable("jobs")
        .set(columnsOf(changedPatch))
        .where("id", "=", before.id)
        .execute();
      if ("estimatedCompletion" in changes) {
        // A revised date is part of the job's story: the customer sees was/now and the reason.
        await trx
          .insertInto("job_status_history")
          .values({
            job_id: before.id,
            status: before.status,
            progress_percentage: null,
            kind: "due",
            due_from: before.estimatedCompletion,
            due_to: (changedPatch.estimatedCompletion as string | null) ?? null,
            notes: input.dueReason ?? "",
            visible_to_customer: true,
            updated_by: ctx.actor.staffId,
            created_at: ctx.clock.now(),
          })
          .execute();
        await queueJobUpdateEmail(trx, { customerId: before.customerId, jobId: before.id });
      }
      const job = (await loadStaffJob(trx, input.jobNumber))!;
      await audit(
        ctx,
        {
          action: "staff.job.update",
          targetType: "job",
          targetId: job.jobNumber,
          details: { changes },
        },
        trx,
      );
      return { job };
    }),
  ),

  setStatus: staffProcedure.input(staffJobSetStatusInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.setStatus", input.idempotencyKey, async (trx) => {
      const before = await loadStaffJob(trx, input.jobNumber, { forUpdate: true });
      if (!before) throw notFound(JOB_NOT_FOUND);
      await guardWaitingProof(ctx, trx, before, input);
      const status: JobStatus = input.status;
      const completed = status === "completed";
      const progress = input.progress ?? (completed ? 100 : before.progress);
      await trx
        .updateTable("jobs")
        .set({
          status,
          progress_percentage: progress,
          completed_at: completed ? (before.completedAt ?? ctx.clock.now()) : null,
        })
        .where("id", "=", before.id)
        .execute();
      await trx
        .insertInto("job_status_history")
        .values({
          job_id: before.id,
          status,
          progress_percentage: progress,
          notes: input.note ?? "",
          visible_to_customer: input.visibleToCustomer,
          updated_by: ctx.actor.staffId,
          created_at: ctx.clock.now(),
        })
        .execute();
      if (input.visibleToCustomer) {
        await queueJobUpdateEmail(trx, { customerId: before.customerId, jobId: before.id });
      }
      const job = (await loadStaffJob(trx, input.jobNumber))!;
      await audit(
        ctx,
        {
          action: "staff.job.setStatus",
          targetType: "job",
          targetId: job.jobNumber,
          details: {
            changes: changedFields(before, { status: job.status, progress: job.progress }),
            visibleToCustomer: input.visibleToCustomer,
          },
        },
        trx,
      );
      return { job };
    }),
  ),

  setProgress: staffProcedure.input(staffJobSetProgressInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.setProgress", input.idempotencyKey, async (trx) => {
      const before = await loadStaffJob(trx, input.jobNumber, { forUpdate: true });
      if (!before) throw notFound(JOB_NOT_FOUND);
      const visible = input.visibleToCustomer ?? true;
      await trx
        .updateTable("jobs")
        .set({ progress_percentage: input.progress })
        .where("id", "=", before.id)
        .execute();
      await trx
        .insertInto("job_status_history")
        .values({
          job_id: before.id,
          status: before.status,
          progress_percentage: input.progress,
          notes: input.note ?? "",
          visible_to_customer: visible,
          updated_by: ctx.actor.staffId,
          created_at: ctx.clock.now(),
        })
        .execute();
      if (visible) {
        await queueJobUpdateEmail(trx, { customerId: before.customerId, jobId: before.id });
      }
      const job = (await loadStaffJob(trx, input.jobNumber))!;
      await audit(
        ctx,
        {
          action: "staff.job.setProgress",
          targetType: "job",
          targetId: job.jobNumber,
          details: {
            changes: changedFields(before, { progress: job.progress }),
            visibleToCustomer: visible,
          },
        },
        trx,
      );
      return { job };
    }),
  ),

  delete: staffProcedure.input(staffJobDeleteInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.jobs.delete", input.idempotencyKey, async (trx) => {
      const before = await loadStaffJob(trx, input.jobNumber, { forUpdate: true });
      if (!before) throw notFound(JOB_NOT_FOUND);
      const tombstone = await trx
        .updateTable("jobs")
        .set({ deleted_at: ctx.clock.now() })
        .where("id", "=", before.id)
        .returning(["version", "deleted_at"])
        .executeTakeFirstOrThrow();
      await audit(
        ctx,
        {
          action: "staff.job.delete",
          targetType: "job",
          targetId: before.jobNumber,
          details: { before: pick(before, ["title", "customerId", "status"]) },
        },
        trx,
      );
      // The tombstone's version: a console knows the row's last state without a pull.
      return {
        ok: true as const,
        jobNumber: before.jobNumber,
        job: {
          id: before.id,
          jobNumber: before.jobNumber,
          version: tombstone.version,
          deletedAt: tombstone.deleted_at!.toISOString(),
        },
      };
    }),
  ),

  photos: staffPhotosRouter,
  files: staffFilesRouter,
  proofs: staffProofsRouter,
});
