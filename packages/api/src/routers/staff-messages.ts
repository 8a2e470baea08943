import type { Db } from "@traveler/db";
import { sql } from "kysely";
import { audit } from "../audit.ts";
import { queueReplyToCustomerEmail } from "../email/message-emails.ts";
import { notFound } from "../errors.ts";
import { attachToMessage } from "../messages/attachments.ts";
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

/**
 * Conversations waiting for the shop (the last word is the customer's), the oldest wait first:
 * the last message of every thread (one backward index scan), then the waiting ones' details
 * from the per-job index; no aggregate over the whole table.
 */
async function waitingThreads(db: Db, limit: number): Promise<InboxRow[]> {
  const { rows } = await sql<InboxRow>`
    with last as (
      select distinct on (job_id) job_id, author_type, created_at, left(body, 200) as body
      from job_messages where deleted_at is null
      order by job_id, created_at desc, id desc
    ), threads as (
      select l.job_id, l.author_type as last_author, l.created_at as last_at, l.body as last_body,
             (select min(m.created_at) from job_messages m
               where m.job_id = l.job_id and m.deleted_at is null and m.author_type = 'customer'
                 and m.created_at > coalesce((
                   select max(s.created_at) from job_messages s
                   where s.job_id = l.job_id and s.deleted_at is null and s.author_type = 'staff'),
                   '-infinity')) as waiting_since
      from last l
      where l.author_type = 'customer'
    )
    select j.job_number, j.title, c.name as customer_name, t.waiting_since, t.last_at,
           t.last_author, t.last_body, ${unreadIn(sql.ref("t.job_id"))} as unread
    from (select * from threads order by waiting_since asc, last_at desc, job_id
          limit ${limit}) t
    join jobs j on j.id = t.job_id and j.deleted_at is null
    join customers c on c.id = j.customer_id
    order by t.waiting_since asc, t.last_at desc, t.job_id`.execute(db);
  return rows;
}

/**
 * Answered conversations (the shop had the last word), the most recent first. Walks the shop's
 * messages newest first (job_messages_author_idx) and keeps those no later message in the same
 * thread follows, stopping at `limit`: a few hundred index probes however many threads there
 * are. Sorting every thread by its last message took 240 ms at 11,875 threads.
 */
async function answeredThreads(db: Db, limit: number): Promise<InboxRow[]> {
  const { rows } = await sql<InboxRow>`
    select j.job_number, j.title, c.name as customer_name, null::timestamptz as waiting_since,
           m.created_at as last_at, m.author_type as last_author, left(m.body, 200) as last_body,
           ${unreadIn(sql.ref("m.job_id"))} as unread
    from job_messages m
    join jobs j on j.id = m.job_id and j.deleted_at is null
    join customers c on c.id = j.customer_id
    where m.deleted_at is null and m.author_type = 'staff'
      and not exists (
        select 1 from job_messages n
        where n.job_id = m.job_id and n.deleted_at is null
          and (n.created_at > m.created_at or (n.created_at = m.created_at and n.id > m.id)))
    order by m.created_at desc, m.job_id
    limit ${limit}`.execute(db);
  return rows;
}

/** The customer's unread messages in a thread (the small unread index). */
function unreadIn(jobId: ReturnType<typeof sql.ref>) {
  return sql`(select count(*) from job_messages u
    where u.job_id = ${jobId} and u.author_type = 'customer'
      and u.read_at is null and u.deleted_at is null)`;
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
      const waiting = await waitingThreads(ctx.db, limit);
      const rows =
        input?.includeAnswered === true && waiting.length < limit
          ? [...waiting, ...(await answeredThreads(ctx.db, limit - waiting.length))]
          : waiting;
      const threads: InboxThread[] = rows.map((r) => ({
        jobNumber: r.job_number,
        jobTitle: r.title,
        customerName: r.customer_name,
        unread: Number(r.unread),
        waitingSince: r.waiting_since?.toISOString() ?? null,
        lastMessageAt: r.last_at.toISOString(),
        lastAuthor: r.last_author,
        lastBody: r.last_body,
      }));
      // From the small unread index, each row's job checked by primary key (no scan of jobs).
      const total = await sql<{ n: string }>`
        select count(*) as n from job_messages m
        where m.author_type = 'customer' and m.read_at is null and m.deleted_at is null
          and (select j.deleted_at from jobs j where j.id = m.job_id) is null`.execute(ctx.db);
      return { threads, unreadTotal: Number(total.rows[0]?.n ?? 0) };
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
      await attachToMessage(trx, { id: row.id, jobId: job.id }, input.fileIds, { staff: true });
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
