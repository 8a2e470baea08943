import { sql } from "kysely";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { loadCustomerNotices } from "../customer-notices.ts";
import { queueMessageToShopEmail } from "../email/message-emails.ts";
import { notFound } from "../errors.ts";
import { attachToMessage } from "../messages/attachments.ts";
import { loadThread, markThreadRead } from "../messages/thread.ts";
import {
  customerSendMessageInput,
  customerThreadOutput,
  customerUnreadOutput,
  sentMessageOutput,
  threadInput,
} from "../schemas/messages.ts";
import { customerProcedure, router } from "../trpc.ts";

const JOB_NOT_FOUND = "Job not found.";

type CustomerCtx = ApiContext & { actor: { type: "customer"; customerId: number } };

/** The signed-in customer's own live job by number (scoped in SQL), or 404. */
async function ownJob(ctx: CustomerCtx, jobNumber: string): Promise<{ id: number }> {
  const job = await ctx.db
    .selectFrom("jobs")
    .select("id")
    .where("job_number", "=", jobNumber)
    .where("customer_id", "=", ctx.actor.customerId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!job) throw notFound(JOB_NOT_FOUND);
  return job;
}

/**
 * The thread of one of this customer's jobs (already scoped by the caller), as it was before
 * this read, and the shop's messages it showed marked read. Most views find nothing new: no
 * write then (no statement, no change event for the live feed).
 */
export async function readThreadAsCustomer(ctx: ApiContext, jobId: number) {
  const messages = await loadThread(ctx.db, jobId);
  const unread = messages.filter((m) => m.author === "staff" && m.readAt === null);
  if (unread.length > 0) {
    const shown = Math.max(...unread.map((m) => m.id));
    await markThreadRead(ctx.db, jobId, "customer", ctx.clock.now(), shown);
  }
  return messages;
}

/** A customer's side of the messages on their jobs. */
export const customerMessagesRouter = router({
  /**
   * The thread of one of the customer's jobs; reading it marks the shop's messages read (the
   * answer still shows them as they were, so the page can say which are new).
   */
  thread: customerProcedure
    .input(threadInput)
    .output(customerThreadOutput)
    .query(async ({ ctx, input }) => {
      const job = await ownJob(ctx, input.jobNumber);
      return { jobNumber: input.jobNumber, messages: await readThreadAsCustomer(ctx, job.id) };
    }),

  /** Unread shop messages, per active or completed job of this customer. */
  unread: customerProcedure
    .output(customerUnreadOutput)
    .query(async ({ ctx }) => (await loadCustomerNotices(ctx.db, ctx.actor.customerId)).unread),

  send: customerProcedure
    .input(customerSendMessageInput)
    .output(sentMessageOutput)
    .mutation(async ({ ctx, input }) => {
      const sent = await ctx.db.transaction().execute(async (trx) => {
        const job = await ownJob({ ...ctx, db: trx }, input.jobNumber);
        const row = await trx
          .insertInto("job_messages")
          .values({
            job_id: job.id,
            author_type: "customer",
            author_customer_id: ctx.actor.customerId,
            body: input.body,
            created_at: ctx.clock.now(),
          })
          .returning(["id", "created_at"])
          .executeTakeFirstOrThrow();
        await attachToMessage(trx, { id: row.id, jobId: job.id }, input.fileIds, {
          customerId: ctx.actor.customerId,
        });
        // Writing in a thread means having read it.
        await markThreadRead(trx, job.id, "customer", ctx.clock.now());
        await queueMessageToShopEmail(trx, {
          jobId: job.id,
          body: input.body,
          publicUrl: ctx.config.publicUrl,
        });
        await audit(
          ctx,
          {
            action: "customer.message.send",
            targetType: "job",
            targetId: input.jobNumber,
            details: { messageId: row.id, length: input.body.length },
          },
          trx,
        );
        return row;
      });
      ctx.changes?.notifyLocalCommit();
      return { id: sent.id, createdAt: sent.created_at.toISOString() };
    }),
});

/** For the ETag of customer pages: a change in any of the customer's threads. */
export function customerMessagesState(customerId: number) {
  return sql`(select count(*) || ':' || coalesce(sum(m.version), 0)
    from job_messages m join jobs j on j.id = m.job_id where j.customer_id = ${customerId})`;
}
