import { type Kysely, sql } from "kysely";

/**
 * Messages on a job and quote requests (issue 14). Both tables are synced to the console (txid,
 * version, soft delete, notify triggers as the other synced tables have).
 *
 * `job_messages`: one thread per job between its customer and the shop. The author is exactly one
 * of the job's customer or a staff member (`author_type` says which side). `read_at` is the other
 * side's read marker: when the customer read a staff message, or when staff read a customer's.
 * The report's "time to first staff reply" and "messages about status" read this table through
 * the `(author_type, created_at)` index.
 *
 * `quote_requests`: what a signed-in customer asks a price for. Its life: requested → quoted
 * (price in integer cents + validity date) → accepted (typed name, time, IP, user agent) →
 * converted (a job); or declined with a reason. Staff may convert from requested, quoted or
 * accepted. `request_number` is the human identifier used in addresses (Q-00042).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job_messages (
      id bigint generated always as identity primary key,
      job_id bigint not null references jobs (id),
      author_type text not null check (author_type in ('customer', 'staff')),
      author_customer_id bigint references customers (id),
      author_staff_id bigint references staff_users (id),
      body text not null check (length(body) between 1 and 5000),
      read_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      constraint job_messages_author_check check (
        (author_type = 'customer' and author_customer_id is not null and author_staff_id is null)
        or (author_type = 'staff' and author_staff_id is not null and author_customer_id is null))
    );
    -- A thread in order (read backwards: each thread's last message, for the staff inbox).
    create index job_messages_job_idx on job_messages (job_id, created_at desc, id desc)
      where deleted_at is null;
    create index job_messages_author_idx on job_messages (author_type, created_at)
      where deleted_at is null;
    -- Unread on either side: small, partial.
    create index job_messages_unread_idx on job_messages (job_id, author_type)
      where read_at is null and deleted_at is null;

    create sequence quote_request_numbers;
    create table quote_requests (
      id bigint generated always as identity primary key,
      request_number text not null unique
        default ('Q-' || lpad(nextval('quote_request_numbers')::text, 5, '0')),
      customer_id bigint not null references customers (id),
      what text not null check (length(what) between 1 and 200),
      quantity integer not null check (quantity between 1 and 10000000),
      needed_by date,
      notes text not null default '' check (length(notes) <= 5000),
      status text not null default 'requested'
        check (status in ('requested', 'quoted', 'declined', 'accepted', 'converted')),
      price_cents bigint check (price_cents between 0 and 100000000000),
      valid_until date,
      quote_note text not null default '' check (length(quote_note) <= 2000),
      decline_reason text not null default '' check (length(decline_reason) <= 2000),
      answered_by bigint references staff_users (id),
      answered_at timestamptz,
      accepted_name text check (length(accepted_name) between 1 and 200),
      accepted_at timestamptz,
      accepted_ip text,
      accepted_user_agent text,
      job_id bigint references jobs (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      constraint quote_requests_quoted_check check (
        status not in ('quoted', 'accepted') or (price_cents is not null and valid_until is not null)),
      constraint quote_requests_accepted_check check (
        (accepted_at is null) = (accepted_name is null)),
      constraint quote_requests_converted_check check ((status = 'converted') = (job_id is not null))
    );
    create index quote_requests_customer_idx on quote_requests (customer_id, created_at desc)
      where deleted_at is null;
    create index quote_requests_open_idx on quote_requests (created_at, id)
      where deleted_at is null and status in ('requested', 'accepted');
  `.execute(db);

  for (const table of ["job_messages", "quote_requests"]) {
    await sql`
      create trigger ${sql.raw(`${table}_stamp`)} before insert or update on ${sql.table(table)}
        for each row execute function traveler_stamp_row();
      create trigger ${sql.raw(`${table}_soft_delete`)} before delete on ${sql.table(table)}
        for each row execute function traveler_soft_delete();
      create trigger ${sql.raw(`${table}_notify`)} after insert or update on ${sql.table(table)}
        for each statement execute function traveler_notify_change();
      create index ${sql.raw(`${table}_txid_idx`)} on ${sql.table(table)} (txid, id);
    `.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
