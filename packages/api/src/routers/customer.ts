import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { sql } from "kysely";
import type { z } from "zod";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { loadCustomerNotices } from "../customer-notices.ts";
import { notFound } from "../errors.ts";
import { jobFileQuery, toCustomerJobFile } from "../files/job-file-view.ts";
import { containsPattern } from "../like-pattern.ts";
import { loadProofs } from "../proofs/load-proofs.ts";
import { okOutput } from "../schemas/auth.ts";
import { shopContactSchema } from "../schemas/common.ts";
import {
  customerHistoryInput,
  customerHistoryOutput,
  customerJobInput,
  customerJobOutput,
  customerPhotoInput,
  customerRecordViewInput,
  dashboardOutput,
  lastChangeOutput,
  photoBytesOutput,
} from "../schemas/customer.ts";
import { customerJobPageOutput, customerNoticesOutput } from "../schemas/customer-job-page.ts";
import { shopContact, shopSettings } from "../shop-settings.ts";
import {
  customerHistoryEntry,
  customerTimelineFrom,
  loadJobHistory,
} from "../timeline/job-timeline.ts";
import { customerProcedure, router } from "../trpc.ts";
import { customerFiles } from "./customer-files.ts";
import {
  customerMessagesRouter,
  customerMessagesState,
  readThreadAsCustomer,
} from "./customer-messages.ts";
import { customerProofsRouter } from "./customer-proofs.ts";
import { customerQuotesRouter, customerQuotesState } from "./customer-quotes.ts";
import { ratingOf } from "./feedback.ts";

const JOB_NOT_FOUND = "Job not found.";
const PHOTO_NOT_FOUND = "Photo not found.";
const DAY_MS = 86_400_000;

/**
 * Everything a customer can reach. Every query is scoped by `ctx.actor.customerId` in SQL (never
 * by an id from the input) and every output is parsed by its zod schema, which lists the only
 * fields that may leave: shop notes, internal history and hidden photos have no way out.
 */
type RecordedView = z.infer<typeof customerRecordViewInput>;
type CustomerContext = ApiContext & { actor: { type: "customer"; customerId: number } };

/** The access audit of customer pages: one place, for rendered pages and 304 answers alike. */
async function recordView(ctx: ApiContext, view: RecordedView): Promise<void> {
  if (view.view === "job") {
    await audit(ctx, { action: "customer.job.view", targetType: "job", targetId: view.jobNumber });
  } else {
    await audit(ctx, {
      action: "customer.history.view",
      details: { q: view.q ?? null, page: view.page ?? 1 },
    });
  }
}

/**
 * One of the signed-in customer's live jobs by number (scoped in SQL), or NOT_FOUND, with
 * whether its optional sections have anything the customer may see.
 */
async function ownJobForPage(ctx: CustomerContext, jobNumber: string) {
  const job = await ctx.db
    .selectFrom("jobs as j")
    .select((eb) => [
      "j.id",
      "j.job_number",
      "j.title",
      "j.description",
      "j.status",
      "j.progress_percentage",
      "j.quantity",
      "j.special_instructions",
      "j.specifications",
      "j.customer_notes",
      "j.estimated_completion",
      "j.created_at",
      "j.updated_at",
      "j.completed_at",
      eb
        .exists(
          eb
            .selectFrom("job_photos as p")
            .select("p.id")
            .whereRef("p.job_id", "=", "j.id")
            .where("p.visible_to_customer", "=", true)
            .where("p.deleted_at", "is", null),
        )
        .as("has_photos"),
      eb
        .exists(
          eb
            .selectFrom("job_files as f")
            .select("f.id")
            .whereRef("f.job_id", "=", "j.id")
            .where("f.visible_to_customer", "=", true)
            .where("f.deleted_at", "is", null),
        )
        .as("has_files"),
      eb
        .exists(
          eb
            .selectFrom("proofs as pr")
            .select("pr.id")
            .whereRef("pr.job_id", "=", "j.id")
            .where("pr.deleted_at", "is", null),
        )
        .as("has_proofs"),
      eb
        .exists(
          eb
            .selectFrom("job_messages as m")
            .select("m.id")
            .whereRef("m.job_id", "=", "j.id")
            .where("m.deleted_at", "is", null),
        )
        .as("has_messages"),
    ])
    .where("j.job_number", "=", jobNumber)
    .where("j.customer_id", "=", ctx.actor.customerId)
    .where("j.deleted_at", "is", null)
    .executeTakeFirst();
  if (!job) throw notFound(JOB_NOT_FOUND);
  return job;
}

/** The job, its visible history and photos, and the shop's contact, as the customer sees them. */
async function customerJobView(
  ctx: CustomerContext,
  job: Awaited<ReturnType<typeof ownJobForPage>>,
) {
  const settings = await shopSettings(ctx);
  const [history, photos] = await Promise.all([
    loadJobHistory(ctx.db, job.id, { visibleOnly: true }),
    settings.photosEnabled && job.has_photos
      ? ctx.db
          .selectFrom("job_photos")
          .select(["id", "caption", "width", "height", "created_at"])
          .where("job_id", "=", job.id)
          .where("visible_to_customer", "=", true)
          .where("deleted_at", "is", null)
          .orderBy("created_at")
          .orderBy("id")
          .execute()
      : [],
  ]);
  const page: z.infer<typeof customerJobOutput> = {
    job: {
      jobNumber: job.job_number,
      title: job.title,
      description: job.description,
      status: job.status,
      progress: job.progress_percentage,
      quantity: job.quantity,
      specialInstructions: job.special_instructions,
      specifications: job.specifications.map((s) => ({ name: s.name, value: s.value })),
      customerNotes: job.customer_notes,
      estimatedCompletion: job.estimated_completion,
      createdAt: job.created_at.toISOString(),
      updatedAt: job.updated_at.toISOString(),
      completedAt: job.completed_at?.toISOString() ?? null,
    },
    history: history.map(customerHistoryEntry),
    photos: photos.map((p) => ({
      id: p.id,
      caption: p.caption,
      width: p.width,
      height: p.height,
      createdAt: p.created_at.toISOString(),
    })),
    shop: shopContact(settings),
  };
  return { page, history };
}

export const customerRouter = router({
  messages: customerMessagesRouter,
  quotes: customerQuotesRouter,
  /** A page answered 304 (not modified) is still an access: audited like a rendered one. */
  recordView: customerProcedure
    .input(customerRecordViewInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await recordView(ctx, input);
      return { ok: true as const };
    }),

  /** What asks for the customer's attention: unread shop messages and proofs waiting. */
  notices: customerProcedure
    .output(customerNoticesOutput)
    .query(({ ctx }) => loadCustomerNotices(ctx.db, ctx.actor.customerId)),

  dashboard: customerProcedure.output(dashboardOutput).query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom("jobs")
      .select([
        "job_number",
        "title",
        "description",
        "status",
        "progress_percentage",
        "estimated_completion",
        "quantity",
        "special_instructions",
        "updated_at",
      ])
      .where("customer_id", "=", ctx.actor.customerId)
      .where("deleted_at", "is", null)
      .where("status", "<>", "completed")
      .orderBy(sql`estimated_completion asc nulls last`)
      .orderBy("job_number")
      .execute();
    return {
      customer: { name: ctx.actor.name },
      jobs: rows.map((j) => ({
        jobNumber: j.job_number,
        title: j.title,
        description: j.description,
        status: j.status,
        progress: j.progress_percentage,
        estimatedCompletion: j.estimated_completion,
        quantity: j.quantity,
        specialInstructions: j.special_instructions,
        updatedAt: j.updated_at.toISOString(),
      })),
    };
  }),

  job: customerProcedure
    .input(customerJobInput)
    .output(customerJobOutput)
    .query(async ({ ctx, input }) => {
      const job = await ownJobForPage(ctx, input.jobNumber);
      const [view] = await Promise.all([
        customerJobView(ctx, job),
        recordView(ctx, { view: "job", jobNumber: job.job_number }),
      ]);
      return view.page;
    }),

  /**
   * Everything the customer's job page shows, in one call: the job (as `job`), its files (as
   * `files`), its timeline (as `proofs.timeline`), its thread (as `messages.thread`, which marks
   * the shop's messages read) and, once completed, its rating (as `feedback.mine`). One lookup
   * of the job says which sections have anything, so an empty section costs no statement.
   */
  jobPage: customerProcedure
    .input(customerJobInput)
    .output(customerJobPageOutput)
    .query(async ({ ctx, input }) => {
      const job = await ownJobForPage(ctx, input.jobNumber);
      const [view, files, proofs, messages, rating] = await Promise.all([
        customerJobView(ctx, job),
        job.has_files
          ? jobFileQuery(ctx.db)
              .where("f.job_id", "=", job.id)
              .where("f.visible_to_customer", "=", true)
              .execute()
          : [],
        job.has_proofs ? loadProofs(ctx.db, job.id, { forCustomer: true }) : [],
        job.has_messages ? readThreadAsCustomer(ctx, job.id) : [],
        job.status === "completed" ? ratingOf(ctx, job.id) : null,
        recordView(ctx, { view: "job", jobNumber: job.job_number }),
      ]);
      return {
        ...view.page,
        files: files.map(toCustomerJobFile),
        timeline: customerTimelineFrom(view.history, proofs),
        messages,
        feedback: job.status === "completed" ? { canRate: rating === null, rating } : null,
      };
    }),

  history: customerProcedure
    .input(customerHistoryInput)
    .output(customerHistoryOutput)
    .query(async ({ ctx, input }) => {
      const page = input?.page ?? 1;
      const pageSize = input?.pageSize ?? 10;
      let query = ctx.db
        .selectFrom("jobs")
        .where("customer_id", "=", ctx.actor.customerId)
        .where("deleted_at", "is", null)
        .where("status", "=", "completed");
      const q = input?.q;
      if (q) {
        const pattern = containsPattern(q);
        query = query.where((eb) =>
          eb.or([
            eb("job_number", "ilike", pattern),
            eb("title", "ilike", pattern),
            eb("description", "ilike", pattern),
          ]),
        );
      }
      if (input?.from)
        query = query.where("completed_at", ">=", new Date(`${input.from}T00:00:00Z`));
      if (input?.to) {
        query = query.where(
          "completed_at",
          "<",
          new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY_MS),
        );
      }
      const sort = input?.sort ?? "completed_desc";
      const [rows, count] = await Promise.all([
        query
          .select(["job_number", "title", "description", "quantity", "completed_at"])
          .orderBy(
            sort === "job_number" ? "job_number" : "completed_at",
            sort === "completed_asc" || sort === "job_number" ? "asc" : "desc",
          )
          .orderBy("id")
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      ]);
      await recordView(ctx, { view: "history", q, page });
      return {
        items: rows.map((j) => ({
          jobNumber: j.job_number,
          title: j.title,
          description: j.description,
          quantity: j.quantity,
          completedAt: (j.completed_at ?? new Date(0)).toISOString(),
        })),
        total: Number(count.n),
        page,
        pageSize,
      };
    }),

  photo: customerProcedure
    .input(customerPhotoInput)
    .output(photoBytesOutput)
    .query(async ({ ctx, input }) => {
      const photo = await ctx.db
        .selectFrom("job_photos as p")
        .innerJoin("jobs as j", "j.id", "p.job_id")
        .innerJoin("shop_settings as s", (join) => join.on("s.id", "=", 1))
        .select([
          "p.content_type",
          input.variant === "thumb" ? "p.thumbnail as bytes" : "p.data as bytes",
        ])
        .where("p.id", "=", input.photoId)
        .where("j.customer_id", "=", ctx.actor.customerId)
        .where("j.deleted_at", "is", null)
        .where("p.deleted_at", "is", null)
        .where("p.visible_to_customer", "=", true)
        .where("s.photos_enabled", "=", true)
        .executeTakeFirst();
      if (!photo) throw notFound(PHOTO_NOT_FOUND);
      return {
        contentType: photo.content_type,
        base64: photo.bytes.toString("base64"),
      };
    }),

  files: customerFiles,

  shop: customerProcedure
    .output(shopContactSchema)
    .query(async ({ ctx }) => shopContact(await shopSettings(ctx))),

  proofs: customerProofsRouter,

  lastChange: customerProcedure.output(lastChangeOutput).query(async ({ ctx }) => {
    const id = ctx.actor.customerId;
    // Row counts and version sums only grow, so any insert, update or soft delete changes them.
    const row = await sql<{ state: string }>`
      select concat_ws('|',
        (select count(*) || ':' || coalesce(sum(version), 0) from jobs where customer_id = ${id}),
        (select count(*) || ':' || coalesce(sum(h.version), 0)
           from job_status_history h join jobs j on j.id = h.job_id where j.customer_id = ${id}),
        (select count(*) || ':' || coalesce(sum(p.version), 0)
           from job_photos p join jobs j on j.id = p.job_id where j.customer_id = ${id}),
        (select count(*) || ':' || coalesce(sum(f.version), 0)
           from job_files f join jobs j on j.id = f.job_id where j.customer_id = ${id}),
        (select count(*) || ':' || coalesce(sum(p.version), 0)
           from proofs p join jobs j on j.id = p.job_id where j.customer_id = ${id}),
        (select version from shop_settings where id = 1),
        (select version from customers where id = ${id}),
        ${customerMessagesState(id)},
        ${customerQuotesState(id)},
        (select count(*) from job_ratings where customer_id = ${id})
      ) as state`.execute(ctx.db);
    const state = row.rows[0]?.state ?? "";
    return { etag: encodeHexLowerCase(sha256(new TextEncoder().encode(state))).slice(0, 32) };
  }),
});
