import { type Kysely, sql } from "kysely";

/**
 * Feedback (issue 14): a customer's rating of a completed job, 1-5 with a comment, given once per
 * job from the portal or from the signed link in the completion email. `customer_id` is the job's
 * customer at rating time (the report counts by it); `source` says which way it came.
 *
 * Indexes for the admin report (chosen with EXPLAIN on 10,000 customers / 100,000 jobs, see
 * docs/benchmarks.md): ratings by creation time; customer audit rows by action and time with the
 * actor (sign-ins and job views per period as index-only scans); jobs by their open span with
 * the customer (index-only, a third of the pages the table scan read).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job_ratings (
      id bigint generated always as identity primary key,
      job_id bigint not null unique references jobs (id),
      customer_id bigint not null references customers (id),
      rating smallint not null check (rating between 1 and 5),
      comment text not null default '' check (length(comment) <= 2000),
      source text not null check (source in ('portal', 'email')),
      created_at timestamptz not null default now()
    );
    create index job_ratings_created_idx on job_ratings (created_at);
    create index job_ratings_customer_idx on job_ratings (customer_id);
    -- Customer sign-ins and job views in a period, from the index alone (no heap visits).
    create index audit_log_customer_action_idx on audit_log (action, at) include (actor_id)
      where actor_type = 'customer';
    -- Jobs open during a period (created before its end, not completed before its start), with
    -- their customer, from the index alone.
    create index jobs_open_span_idx on jobs (completed_at, created_at) include (customer_id)
      where deleted_at is null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
