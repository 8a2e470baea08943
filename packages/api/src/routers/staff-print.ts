import { notFound } from "../errors.ts";
import type { TravelerJob } from "../print/traveler.ts";
import { staffTravelersInput, TRAVELER_BATCH_LIMIT } from "../schemas/print.ts";
import { shopSettings } from "../shop-settings.ts";
import { router, staffProcedure } from "../trpc.ts";

/**
 * What travelers print (issue 12). The renderer is `@traveler/api/print`; the portal renders these
 * rows, the console renders the same fields from its cache.
 */
export const staffPrintRouter = router({
  /** The portal's public address: a traveler's QR code opens `<publicUrl>/admin/job/<number>`. */
  publicUrl: staffProcedure.query(({ ctx }) => ({ publicUrl: ctx.config.publicUrl })),

  /**
   * One job's traveler (404 when it does not exist), or a batch: the open jobs due on a shop day,
   * or one board column (a status), ordered by due date then job number, at most
   * TRAVELER_BATCH_LIMIT (`total` says how many matched).
   */
  travelers: staffProcedure.input(staffTravelersInput).query(async ({ ctx, input }) => {
    let query = ctx.db
      .selectFrom("jobs as j")
      .innerJoin("customers as c", "c.id", "j.customer_id")
      .where("j.deleted_at", "is", null);
    if ("jobNumber" in input) query = query.where("j.job_number", "=", input.jobNumber);
    else if ("day" in input)
      query = query
        .where("j.estimated_completion", "=", input.day)
        .where("j.status", "<>", "completed");
    else query = query.where("j.status", "=", input.status);
    const [settings, rows, count] = await Promise.all([
      shopSettings(ctx),
      query
        .select([
          "j.job_number",
          "j.title",
          "c.name as customer_name",
          "j.description",
          "j.quantity",
          "j.estimated_completion",
          "j.status",
          "j.specifications",
          "j.special_instructions",
        ])
        .orderBy("j.estimated_completion", (o) => o.asc().nullsLast())
        .orderBy("j.job_number")
        .limit(TRAVELER_BATCH_LIMIT)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    ]);
    if ("jobNumber" in input && rows.length === 0) throw notFound("Job not found.");
    const jobs: TravelerJob[] = rows.map((r) => ({
      jobNumber: r.job_number,
      title: r.title,
      customerName: r.customer_name,
      description: r.description,
      quantity: r.quantity,
      estimatedCompletion: r.estimated_completion,
      status: r.status,
      specifications: r.specifications,
      specialInstructions: r.special_instructions,
    }));
    return {
      publicUrl: ctx.config.publicUrl,
      shop: {
        name: settings.name,
        address: settings.address,
        phone: settings.phone,
        timeZone: settings.timeZone,
      },
      jobs,
      total: Number(count.n),
    };
  }),
});
