import { type Kysely, sql } from "kysely";

/**
 * The shop floor (issue 12): a job's owner (the staff member responsible) and rush flag, and
 * revisions of its estimated completion recorded in its timeline.
 *
 * A timeline row of kind 'due' records a changed estimated completion: `due_from` → `due_to`
 * (either may be null: a date set for the first time, or removed), with the shop's reason in
 * `notes`. Its `status` is the job's status at the time, so status-only readers stay correct.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table jobs
      add column owner_id bigint references staff_users (id),
      add column rush boolean not null default false;
    create index jobs_owner_idx on jobs (owner_id) where deleted_at is null;
    -- The board: active jobs by due date (nulls last), then number.
    create index jobs_active_due_idx on jobs (estimated_completion nulls last, id)
      where deleted_at is null and status <> 'completed';

    alter table job_status_history
      add column kind text not null default 'status' check (kind in ('status', 'due')),
      add column due_from date,
      add column due_to date,
      add constraint job_status_history_due_check
        check (kind = 'due' or (due_from is null and due_to is null));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
