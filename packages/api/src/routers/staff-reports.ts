import { sql } from "kysely";
import { metricsReport } from "../reports/metrics-report.ts";
import { metricsReportInput, metricsReportOutput } from "../schemas/report.ts";
import { shopSettings } from "../shop-settings.ts";
import { adminProcedure, router, staffProcedure } from "../trpc.ts";

const DAY_MS = 86_400_000;
const WEEKS = 12;

export const staffReportsRouter = router({
  /**
   * How many customers use the portal: active in the last 30 / 90 days (by last login), and per
   * ISO week (Monday, UTC) for the last 12 weeks: logins, job views and distinct active customers.
   */
  portalAdoption: staffProcedure.query(async ({ ctx }) => {
    const now = ctx.clock.now();
    const d30 = new Date(now.getTime() - 30 * DAY_MS);
    const d90 = new Date(now.getTime() - 90 * DAY_MS);
    const totals = await ctx.db
      .selectFrom("customers")
      .select([
        (eb) => eb.fn.countAll<string>().as("customers"),
        sql<string>`count(*) filter (where portal_last_login >= ${d30})`.as("active30"),
        sql<string>`count(*) filter (where portal_last_login >= ${d90})`.as("active90"),
      ])
      .where("deleted_at", "is", null)
      .executeTakeFirstOrThrow();
    const weeks = await sql<{
      week_start: string;
      logins: string;
      job_views: string;
      active: string;
    }>`
      with w as (
        select generate_series(
          date_trunc('week', (${now}::timestamptz at time zone 'UTC')) - interval '1 week' * ${WEEKS - 1},
          date_trunc('week', (${now}::timestamptz at time zone 'UTC')),
          interval '1 week') as week_start
      )
      select to_char(w.week_start, 'YYYY-MM-DD') as week_start,
        count(a.id) filter (where a.action = 'auth.login.success') as logins,
        count(a.id) filter (where a.action = 'customer.job.view') as job_views,
        count(distinct a.actor_id) as active
      from w
      left join audit_log a
        on a.actor_type = 'customer'
       and a.at >= (w.week_start at time zone 'UTC')
       and a.at < ((w.week_start + interval '1 week') at time zone 'UTC')
      group by w.week_start
      order by w.week_start`.execute(ctx.db);
    const customers = Number(totals.customers);
    const active30 = Number(totals.active30);
    const active90 = Number(totals.active90);
    const share = (n: number) => (customers === 0 ? 0 : Math.round((n / customers) * 1000) / 1000);
    return {
      customers,
      active30,
      active90,
      share30: share(active30),
      share90: share(active90),
      weeks: weeks.rows.map((w) => ({
        weekStart: w.week_start,
        logins: Number(w.logins),
        jobViews: Number(w.job_views),
        activeCustomers: Number(w.active),
      })),
    };
  }),

  /**
   * The spec's success metrics over a period of shop-time days (admins only): portal adoption,
   * satisfaction, time to first staff reply and status-question proxies. See
   * reports/metrics-report.ts for the definitions.
   */
  metrics: adminProcedure
    .input(metricsReportInput)
    .output(metricsReportOutput)
    .query(async ({ ctx, input }) => {
      const { timeZone } = await shopSettings(ctx);
      return metricsReport(ctx.db, { from: input.from, to: input.to, timeZone });
    }),
});
