/**
 * The spec's success metrics over a period (issue 14), each one SQL query over the tables and the
 * audit log. A period is whole days in shop time: [from 00:00, the day after `to` 00:00) in the
 * shop's time zone, computed by PostgreSQL so daylight-saving days are 23 or 25 hours long.
 *
 * Definitions (docs/api.md repeats them):
 * - A job is "in the period" when it was open at some moment of it: created before the period
 *   ends and not completed before it starts (not deleted). Its customer "has a job in the period".
 * - Adoption: of those customers, the share with a customer sign-in (audit `auth.login.success`)
 *   in the period. Invite and reset links sign in through the same audited step.
 * - Satisfaction: ratings given in the period; the share of 4 and 5.
 * - Replies: a customer message that starts a wait (the thread's previous message is not the
 *   customer's) in the period; the time to the first staff message after it; the median of those.
 * - Status-question proxies: customer job page views (audit `customer.job.view`) per job in the
 *   period; customer messages in the period matching STATUS_QUESTION_PATTERN.
 * A share whose denominator is 0 is null: the screens show "no data".
 */
import type { Db } from "@traveler/db";
import { sql } from "kysely";
import {
  ADOPTION_TARGET,
  type MetricsReport,
  SATISFACTION_TARGET,
  STATUS_QUESTION_KEYWORDS,
  STATUS_QUESTION_PATTERN,
} from "../schemas/report.ts";

export interface ReportPeriod {
  from: string;
  to: string;
  timeZone: string;
}

interface Bounds {
  start: Date;
  end: Date;
}

function share(count: number, of: number, decimals = 4): number | null {
  if (of === 0) return null;
  const f = 10 ** decimals;
  return Math.round((count / of) * f) / f;
}

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** The instants a period of shop-time days covers. */
export async function periodBounds(db: Db, period: ReportPeriod): Promise<Bounds> {
  const row = await sql<Bounds>`
    select (${period.from}::date)::timestamp at time zone ${period.timeZone} as start,
           (${period.to}::date + 1)::timestamp at time zone ${period.timeZone} as end`.execute(db);
  const bounds = row.rows[0];
  if (!bounds) throw new Error("period bounds");
  return bounds;
}

/** Customers with a job in the period, and how many of them signed in during it. */
export async function adoptionCounts(db: Db, { start, end }: Bounds) {
  const row = await sql<{ customers: number; signed_in: number }>`
    with with_job as (
      select distinct j.customer_id
      from jobs j
      join customers c on c.id = j.customer_id and c.deleted_at is null
      where j.deleted_at is null
        and j.created_at < ${end}
        and (j.completed_at is null or j.completed_at >= ${start})
    ),
    signed_in as (
      select distinct a.actor_id
      from audit_log a
      where a.action = 'auth.login.success' and a.actor_type = 'customer'
        and a.at >= ${start} and a.at < ${end}
    )
    select (select count(*) from with_job)::int as customers,
           (select count(*) from with_job w join signed_in s on s.actor_id = w.customer_id)::int
             as signed_in`.execute(db);
  return row.rows[0] ?? { customers: 0, signed_in: 0 };
}

/** Ratings given in the period: per score, and their average. */
export async function ratingCounts(db: Db, { start, end }: Bounds) {
  const rows = await db
    .selectFrom("job_ratings")
    .select(["rating", sql<number>`count(*)::int`.as("n")])
    .where("created_at", ">=", start)
    .where("created_at", "<", end)
    .groupBy("rating")
    .execute();
  const distribution = [0, 0, 0, 0, 0];
  for (const r of rows) distribution[r.rating - 1] = r.n;
  return distribution;
}

/** Jobs in the period and customer job page views in it. */
export async function jobViewCounts(db: Db, { start, end }: Bounds) {
  const row = await sql<{ active_jobs: number; job_views: number }>`
    select
      (select count(*) from jobs j
        where j.deleted_at is null and j.created_at < ${end}
          and (j.completed_at is null or j.completed_at >= ${start}))::int as active_jobs,
      (select count(*) from audit_log a
        where a.action = 'customer.job.view' and a.actor_type = 'customer'
          and a.at >= ${start} and a.at < ${end})::int as job_views`.execute(db);
  return row.rows[0] ?? { active_jobs: 0, job_views: 0 };
}

/** Whether the messages table exists (the messages feature ships separately). */
async function hasMessages(db: Db): Promise<boolean> {
  const row = await sql<{ ok: boolean }>`
    select to_regclass('job_messages') is not null as ok`.execute(db);
  return row.rows[0]?.ok ?? false;
}

/** Waits for a first staff reply that began in the period, and the median wait in minutes. */
export async function replyTimes(db: Db, { start, end }: Bounds) {
  // One ordered pass per thread: each message's previous author, and the first staff message at
  // or after it (a window frame from the current row on), no lookup per question.
  const row = await sql<{ questions: number; answered: number; median: number | null }>`
    with threads as (
      select distinct job_id from job_messages
      where author_type = 'customer' and deleted_at is null
        and created_at >= ${start} and created_at < ${end}
    ),
    ordered as (
      select m.author_type, m.created_at,
             lag(m.author_type) over w as previous,
             min(m.created_at) filter (where m.author_type = 'staff')
               over (w rows between current row and unbounded following) as reply_at
      from job_messages m join threads t on t.job_id = m.job_id
      where m.deleted_at is null
      window w as (partition by m.job_id order by m.created_at, m.id)
    )
    select count(*)::int as questions,
           count(reply_at)::int as answered,
           percentile_cont(0.5) within group (
             order by extract(epoch from reply_at - created_at) / 60.0) as median
    from ordered
    where author_type = 'customer' and previous is distinct from 'customer'
      and created_at >= ${start} and created_at < ${end}`.execute(db);
  return row.rows[0] ?? { questions: 0, answered: 0, median: null };
}

/** Customer messages in the period, and those asking about the status (the keyword rule). */
export async function statusMessageCounts(db: Db, { start, end }: Bounds) {
  const row = await sql<{ messages: number; status: number }>`
    select count(*)::int as messages,
           (count(*) filter (where body ~* ${STATUS_QUESTION_PATTERN}))::int as status
    from job_messages
    where author_type = 'customer' and deleted_at is null
      and created_at >= ${start} and created_at < ${end}`.execute(db);
  return row.rows[0] ?? { messages: 0, status: 0 };
}

export async function metricsReport(db: Db, period: ReportPeriod): Promise<MetricsReport> {
  const bounds = await periodBounds(db, period);
  const messages = await hasMessages(db);
  const [adoption, distribution, views, replies, statusMessages] = await Promise.all([
    adoptionCounts(db, bounds),
    ratingCounts(db, bounds),
    jobViewCounts(db, bounds),
    messages ? replyTimes(db, bounds) : { questions: 0, answered: 0, median: null },
    messages ? statusMessageCounts(db, bounds) : { messages: 0, status: 0 },
  ]);
  const ratings = distribution.reduce((a, b) => a + b, 0);
  const satisfied = (distribution[3] ?? 0) + (distribution[4] ?? 0);
  const sum = distribution.reduce((acc, n, i) => acc + n * (i + 1), 0);
  return {
    period: {
      from: period.from,
      to: period.to,
      timeZone: period.timeZone,
      start: bounds.start.toISOString(),
      end: bounds.end.toISOString(),
    },
    adoption: {
      count: adoption.signed_in,
      of: adoption.customers,
      share: share(adoption.signed_in, adoption.customers),
      target: ADOPTION_TARGET,
    },
    satisfaction: {
      count: satisfied,
      of: ratings,
      share: share(satisfied, ratings),
      target: SATISFACTION_TARGET,
      average: ratings === 0 ? null : Math.round((sum / ratings) * 100) / 100,
      distribution,
    },
    replies: {
      questions: replies.questions,
      answered: replies.answered,
      medianMinutes: round1(replies.median === null ? null : Number(replies.median)),
      available: messages,
    },
    statusQuestions: {
      jobViews: views.job_views,
      activeJobs: views.active_jobs,
      viewsPerActiveJob: share(views.job_views, views.active_jobs, 2),
      customerMessages: statusMessages.messages,
      statusMessages: statusMessages.status,
      statusMessageShare: share(statusMessages.status, statusMessages.messages),
      keywords: [...STATUS_QUESTION_KEYWORDS],
    },
  };
}
