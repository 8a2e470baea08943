import type { CacheMigration } from "./migration.ts";

/**
 * Issue 14: the mirror of messages on jobs and of quote requests, so the console's Inbox and
 * Requests screens work offline. Columns are the snake_case wire fields (SYNC_COLUMNS). The
 * cursor is cleared: the next sync pulls every row again, these tables included.
 */
export const messagesQuotes: CacheMigration = {
  name: "0007-messages-quotes",
  up(db) {
    db.exec(`
      create table job_messages (
        id integer primary key,
        job_id integer not null,
        author_type text not null,
        author_customer_id integer,
        author_staff_id integer,
        body text not null,
        read_at text,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index job_messages_job_idx on job_messages (job_id, created_at);
      create index job_messages_unread_idx on job_messages (job_id)
        where read_at is null and author_type = 'customer' and deleted_at is null;
      create table quote_requests (
        id integer primary key,
        request_number text not null,
        customer_id integer not null,
        what text not null,
        quantity integer not null,
        needed_by text,
        notes text not null,
        status text not null,
        price_cents integer,
        valid_until text,
        quote_note text not null,
        decline_reason text not null,
        answered_by integer,
        answered_at text,
        accepted_name text,
        accepted_at text,
        job_id integer,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index quote_requests_status_idx on quote_requests (status, created_at);
      update sync_state set value = null where key = 'cursor';
    `);
  },
};
