import { z } from "zod";
import { notFound } from "../errors.ts";
import { jobFileQuery, toCustomerJobFile } from "../files/job-file-view.ts";
import { customerFileListInput, customerJobFileOutput } from "../schemas/files.ts";
import { customerProcedure } from "../trpc.ts";

/**
 * The files of one of the signed-in customer's jobs that they may see: those staff shared and
 * their own uploads (always shared). Scoped by the session's customer id in SQL; an internal file
 * has no way out of here (not its name, caption or existence).
 */
export const customerFiles = customerProcedure
  .input(customerFileListInput)
  .output(z.object({ files: z.array(customerJobFileOutput) }))
  .query(async ({ ctx, input }) => {
    const job = await ctx.db
      .selectFrom("jobs")
      .select("id")
      .where("job_number", "=", input.jobNumber)
      .where("customer_id", "=", ctx.actor.customerId)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (!job) throw notFound("Job not found.");
    const rows = await jobFileQuery(ctx.db)
      .where("f.job_id", "=", job.id)
      .where("f.visible_to_customer", "=", true)
      .execute();
    return { files: rows.map(toCustomerJobFile) };
  });
