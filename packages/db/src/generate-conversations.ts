import { sql } from "kysely";
import type { Db } from "./client.ts";

export interface ConversationResult {
  messages: number;
  quoteRequests: number;
}

/** What generated customers ask: every third thread asks about status (the report counts those). */
export const GENERATED_STATUS_QUESTION = "Hi, when will it be ready?";
export const GENERATED_OTHER_QUESTION = "Could you use matte paper instead of gloss?";

/**
 * Messages and quote requests for `db:generate` (issue 14), deterministic so a report has known
 * answers: every 4th job (by id) has a thread opened by its customer one day after the job was
 * created; the question asks about status when `id % 3 = 0`. The shop answered every thread on a
 * completed job, and the threads of active jobs unless `id % 16 = 4`, after `(id % 5) + 1` hours.
 * Every 20th customer asked for a quote, in states cycling through requested, quoted, declined,
 * accepted. Replies are by the first staff user (a "Bench Staff" is added when there is none).
 */
export async function generateConversations(
  db: Db,
  jobIds: number[],
  customerIds: number[],
): Promise<ConversationResult> {
  if (jobIds.length === 0) return { messages: 0, quoteRequests: 0 };
  const staff =
    (await db.selectFrom("staff_users").select("id").orderBy("id").limit(1).executeTakeFirst()) ??
    (await db
      .insertInto("staff_users")
      .values({
        username: `bench-staff-${Date.now().toString(36)}`,
        display_name: "Bench Staff",
        password_hash: "!",
        active: false,
      })
      .returning("id")
      .executeTakeFirstOrThrow());
  const asked = await sql<{ n: number }>`
    with ins as (
      insert into job_messages (job_id, author_type, author_customer_id, body, created_at, updated_at, read_at)
      select j.id, 'customer', j.customer_id,
             case when j.id % 3 = 0 then ${GENERATED_STATUS_QUESTION} else ${GENERATED_OTHER_QUESTION} end,
             j.created_at + interval '1 day', j.created_at + interval '1 day',
             case when j.status = 'completed' or j.id % 16 <> 4
                  then j.created_at + interval '1 day' + ((j.id % 5) + 1) * interval '1 hour' end
      from jobs j join unnest(${jobIds}::bigint[]) as g(id) on g.id = j.id where j.id % 4 = 0
      returning 1)
    select count(*)::int as n from ins`.execute(db);
  const answered = await sql<{ n: number }>`
    with ins as (
      insert into job_messages (job_id, author_type, author_staff_id, body, created_at, updated_at, read_at)
      select j.id, 'staff', ${staff.id}, 'Thanks for asking: we are on it.',
             j.created_at + interval '1 day' + ((j.id % 5) + 1) * interval '1 hour',
             j.created_at + interval '1 day' + ((j.id % 5) + 1) * interval '1 hour',
             case when j.id % 8 = 0 then j.created_at + interval '2 days' end
      from jobs j join unnest(${jobIds}::bigint[]) as g(id) on g.id = j.id where j.id % 4 = 0
        and (j.status = 'completed' or j.id % 16 <> 4)
      returning 1)
    select count(*)::int as n from ins`.execute(db);
  const quotes = await sql<{ n: number }>`
    with ins as (
      insert into quote_requests (customer_id, what, quantity, needed_by, notes, status,
                                  price_cents, valid_until, answered_by, answered_at,
                                  accepted_name, accepted_at, created_at, updated_at)
      select c.id, 'Flyers, A5, ' || (c.id % 7 + 1) * 250, (c.id % 7 + 1) * 250,
             (now() + interval '30 days')::date, 'Generated request', s.status,
             case when s.status in ('quoted', 'accepted') then 5000 + c.id % 100 * 100 end,
             case when s.status in ('quoted', 'accepted') then (now() + interval '14 days')::date end,
             case when s.status <> 'requested' then ${staff.id}::bigint end,
             case when s.status <> 'requested' then now() - interval '1 day' end,
             case when s.status = 'accepted' then 'Customer ' || c.id end,
             case when s.status = 'accepted' then now() - interval '12 hours' end,
             now() - interval '2 days', now() - interval '2 days'
      from customers c
      cross join lateral (select (array['requested', 'quoted', 'declined', 'accepted'])[(c.id / 20) % 4 + 1] as status) s
      join unnest(${customerIds}::bigint[]) as g(id) on g.id = c.id where c.id % 20 = 0
      returning 1)
    select count(*)::int as n from ins`.execute(db);
  await sql`analyze job_messages, quote_requests`.execute(db);
  return {
    messages: (asked.rows[0]?.n ?? 0) + (answered.rows[0]?.n ?? 0),
    quoteRequests: quotes.rows[0]?.n ?? 0,
  };
}
