import { sql } from "kysely";
import type { Db } from "./client.ts";

/**
 * The generator's portal activity (issue 14's report): sign-ins and job page views in the audit
 * log, and ratings of completed jobs, for the customers and jobs one generator run made.
 *
 * - Every second customer signed in three times over the last 120 days.
 * - Every active job was viewed twice in the last 90 days, every completed job once.
 * - 60% of completed jobs are rated a day after completion (or now, if that is in the future):
 *   scores 5 (50%), 4 (35%), 3 (5%), 2 (5%), 1 (5%), so satisfaction is about 85%; half
 *   from the email link, half from the portal.
 */
export async function generateActivity(
  db: Db,
  run: { customerIds: number[]; firstJobId: number; now: Date },
): Promise<{ auditRows: number; ratings: number }> {
  const signIns = await sql`
    insert into audit_log (at, actor_type, actor_id, action, target_type, target_id)
    select ${run.now}::timestamptz - ((c.n * 7 + k * 31) % 120) * interval '1 day'
             - k * interval '1 hour',
           'customer', c.id, 'auth.login.success', 'customer', c.id::text
    from unnest(${run.customerIds}::bigint[]) with ordinality as c(id, n),
         generate_series(1, 3) as k
    where c.n % 2 = 0`.execute(db);
  const views = await sql`
    insert into audit_log (at, actor_type, actor_id, action, target_type, target_id)
    select greatest(j.created_at, ${run.now}::timestamptz - ((j.id * 13 + k * 7) % 90) * interval '1 day'),
           'customer', j.customer_id, 'customer.job.view', 'job', j.job_number
    from jobs j, generate_series(1, 2) as k
    where j.id >= ${run.firstJobId} and (j.status <> 'completed' or k = 1)`.execute(db);
  const ratings = await sql`
    insert into job_ratings (job_id, customer_id, rating, comment, source, created_at)
    select j.id, j.customer_id,
           case when b.k < 10 then 5 when b.k < 17 then 4 when b.k = 17 then 3
                when b.k = 18 then 2 else 1 end,
           case when j.id % 7 = 0 then 'Generated comment for job ' || j.job_number else '' end,
           case when j.id % 2 = 0 then 'email' else 'portal' end,
           least(j.completed_at + interval '1 day', ${run.now}::timestamptz)
    from jobs j
    -- A bucket 0..19 from a hash of the id: scores independent of the 60% pick and of dates.
    cross join lateral (select abs(hashint8(j.id) % 20) as k) as b
    where j.id >= ${run.firstJobId} and j.status = 'completed' and j.completed_at is not null
      and j.id % 5 < 3
    on conflict (job_id) do nothing`.execute(db);
  await sql`analyze audit_log, job_ratings`.execute(db);
  return {
    auditRows: Number(signIns.numAffectedRows ?? 0) + Number(views.numAffectedRows ?? 0),
    ratings: Number(ratings.numAffectedRows ?? 0),
  };
}
