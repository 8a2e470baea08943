import type { Db } from "@traveler/db";
import { sql } from "kysely";
import { audit } from "../audit.ts";
import { queueReplyToCustomerEmail } from "../email/message-emails.ts";
import { notFound } from "../errors.ts";
import { loadThread, markThreadRead } from "../messages/thread.ts";
import {
  type InboxThread,
  staffInboxInput,
  staffInboxOutput,
  staffMarkReadInput,
  staffReplyInput,
  threadInput,
} from "../schemas/messages.ts";
import { staffWrite } from "../staff/staff-write.ts";
import { router, staffProcedure } from "../trpc.ts";

const JOB_NOT_FOUND = "Job not found.";

async function liveJob(db: Db, jobNumber: string) {
  const job = await db
    .selectFrom("jobs as j")
    .innerJoin("customers as c", "c.id", "j.customer_id")
    .select(["j.id", "j.job_number", "j.title", "j.customer_id", "c.name as customer_name"])
    .where("j.job_number", "=", jobNumber)
    .where("j.deleted_at", "is", null)
    .executeTakeFirst();
  if (!job) throw notFound(JOB_NOT_FOUND);
  return job;
}

interface InboxRow {
  job_number: string;
  title: string;
  customer_name: string;
  unread: string;
  waiting_since: Date | null;
  last_at: Date;
  last_author: "customer" | "staff";
  last_body: string;
}

/** The shop's side of the messages: the inbox, a thread, replies and read markers. */
export const staffMessagesRouter = router({
  /**
   * Conversations waiting for the shop (the last word is the customer's), the oldest wait
   * first; with `includeAnswered`, the answered ones follow, most recent first.
   */
  inbox: staffProcedure
    .input(staffInboxInput)
    .output(staffInboxOutput)
    .query(async ({ ctx, input }) => {
      const limit = input?.limit ?? 100;
      const rows = await sql<InboxRow>`
        with per_job as (
          select job_id,
                 max(created_at) filter (where author_type = 'staff') as last_staff,
                 max(created_at) as last_at,
                 count(*) filter (where author_type = 'customer' and read_at is null) as unread
          from job_messages where deleted_at is null group by job_id
        ), threads as (
          select p.job_id, p.last_at, p.unread,
                 (select min(m.created_at) from job_messages m
                   where m.job_id = p.job_id and m.deleted_at is null and m.author_type = 'customer'
                     and m.created_at > coalesce(p.last_staff, '-infinity')) as waiting_since
          from per_job p
        )
        select j.job_number, j.title, c.name as customer_name, t.unread, t.waiting_since,
               t.last_at, last.author_type as last_author, last.body as last_body
        from threads t
        join jobs j on j.id = t.job_id and j.deleted_at is null
        join customers c on c.id = j.customer_id
        cross join lateral (
          select m.author_type, left(m.body, 200) as body from job_messages m
          where m.job_id = t.job_id and m.deleted_at is null
          order by m.created_at desc, m.id desc limit 1) last
        where t.waiting_since is not null or ${input?.includeAnswered === true}
        order by t.waiting_since asc nulls last, t.last_at desc
        limit ${limit}`.execute(ctx.db);
      const threads: InboxThread[] = rows.rows.map((r) => ({
        jobNumber: r.job_number,
        jobTitle: r.title,
        customerName: r.customer_name,
        unread: Number(r.unread),
        waitingSince: r.waiting_since?.toISOString() ?? null,
        lastMessageAt: r.last_at.toISOString(),
        lastAuthor: r.last_author,
        lastBody: r.last_body,
      }));
      const total = await ctx.db
        .selectFrom("job_messages as m")
        .innerJoin("jobs as j", "j.id", "m.job_id")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("m.author_type", "=", "customer")
        .where("m.read_at", "is", null)
        .where("m.deleted_at", "is", null)
        .where("j.deleted_at", "is", null)
        .executeTakeFirstOrThrow();
      return { threads, unreadTotal: Number(total.n) };
    }),

  thread: staffProcedure.input(threadInput).query(async ({ ctx, input }) => {
    const job = await liveJob(ctx.db, input.jobNumber);
    return {
      jobNumber: job.job_number,
      jobTitle: job.title,
      customerName: job.customer_name,
      messages: await loadThread(ctx.db, job.id),
    };
  }),

  markRead: staffProcedure.input(staffMarkReadInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.messages.markRead", input.idempotencyKey, async (trx) => {
      const job = await liveJob(trx, input.jobNumber);
      const marked = await markThreadRead(trx, job.id, "staff", ctx.clock.now());
      return { marked };
    }),
  ),

  /** A reply from the shop: stored, the customer's messages marked read, the customer emailed. */
  reply: staffProcedure.input(staffReplyInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.messages.reply", input.idempotencyKey, async (trx) => {
      const job = await liveJob(trx, input.jobNumber);
      const row = await trx
        .insertInto("job_messages")
        .values({
          job_id: job.id,
          author_type: "staff",
          author_staff_id: ctx.actor.staffId,
          body: input.body,
          created_at: ctx.clock.now(),
        })
        .returning(["id", "created_at"])
        .executeTakeFirstOrThrow();
      await markThreadRead(trx, job.id, "staff", ctx.clock.now());
      await queueReplyToCustomerEmail(trx, {
        jobId: job.id,
        body: input.body,
        publicUrl: ctx.config.publicUrl,
      });
      await audit(
        ctx,
        {
          action: "staff.message.reply",
          targetType: "job",
          targetId: job.job_number,
          details: { messageId: row.id, length: input.body.length },
        },
        trx,
      );
      return { id: row.id, createdAt: row.created_at.toISOString(), jobNumber: job.job_number };
    }),
  ),
});
