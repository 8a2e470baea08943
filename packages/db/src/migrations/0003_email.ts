import { type Kysely, sql } from "kysely";

/**
 * Email outbox, part two (issue 6): leases for the worker, coalescing of job updates, and the
 * SMTP message id once sent.
 *
 * - `coalesce_key`: job-update rows of one customer share a key; while such a row is still
 *   `queued`, later updates merge into it (the partial unique index makes the merge race-free).
 * - `job_history_ids`: the customer-visible status-history rows an update email reports.
 * - `locked_until`: a `sending` row whose lease has passed belongs to a crashed worker and is
 *   claimed again.
 * - `message_id`: the Message-ID the SMTP server accepted.
 * - status `cancelled`: a job update whose customer opted out before it was sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox
      add column coalesce_key text,
      add column job_history_ids bigint[] not null default '{}',
      add column locked_until timestamptz,
      add column message_id text,
      add column updated_at timestamptz not null default now();
    alter table email_outbox drop constraint email_outbox_status_check;
    alter table email_outbox add constraint email_outbox_status_check
      check (status in ('queued', 'sending', 'sent', 'failed', 'dead', 'cancelled'));
    create unique index email_outbox_coalesce_key on email_outbox (coalesce_key)
      where status = 'queued' and coalesce_key is not null;
    create index email_outbox_status_idx on email_outbox (status, created_at desc);
    drop index email_outbox_due_idx;
    create index email_outbox_due_idx on email_outbox (next_attempt_at)
      where status in ('queued', 'failed', 'sending');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
