import { type Kysely, sql } from "kysely";

/**
 * Feedback (issue 14): a customer's rating of a completed job, 1-5 with a comment, given once per
 * job from the portal or from the signed link in the completion email. `customer_id` is the job's
 * customer at rating time (the report counts by it); `source` says which way it came.
 *
 * Indexes for the admin report (decided by EXPLAIN on 10,000 customers / 100,000 jobs, see
 * docs/benchmarks.md): ratings by creation time; customer audit rows by action and time with the
 * actor (sign-ins and job views per period without visiting the heap); jobs by their open span.
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
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
