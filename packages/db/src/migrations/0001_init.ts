import { type Kysely, sql } from "kysely";

/**
 * The whole first schema (ARCHITECTURE §3-§4).
 *
 * Synced tables (staff_users, customers, jobs, job_status_history, job_photos) carry
 * `txid xid8`, set by trigger to the writing transaction's id; this is the sync cursor's
 * watermark column. Their deletes are soft: a DELETE becomes `deleted_at = now()` so the row
 * survives as a tombstone that consoles can pull.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Shared trigger functions ---------------------------------------------------------------

    -- Stamps every insert/update with the transaction id, bumps version and updated_at.
    create function traveler_stamp_row() returns trigger language plpgsql as $$
    begin
      new.txid := pg_current_xact_id();
      if tg_op = 'UPDATE' then
        new.version := old.version + 1;
        new.updated_at := now();
      end if;
      return new;
    end $$;

    -- Turns a DELETE into a soft delete: the row stays as a tombstone for the sync feed.
    create function traveler_soft_delete() returns trigger language plpgsql as $$
    begin
      execute format('update %I set deleted_at = now() where id = $1 and deleted_at is null',
                     tg_table_name) using old.id;
      return null;
    end $$;

    -- Wakes listeners at commit (NOTIFY is delivered only when the transaction commits).
    create function traveler_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('traveler_changes', tg_table_name);
      return null;
    end $$;

    -- Shop settings: exactly one row ---------------------------------------------------------
    create table shop_settings (
      id smallint primary key default 1 check (id = 1),
      shop_name text not null default 'Our Shop' check (length(shop_name) between 1 and 120),
      phone text not null default '',
      email text not null default '',
      address text not null default '',
      hours text not null default '',
      logo_url text,
      photos_enabled boolean not null default true,
      customer_idle_minutes integer not null default 30 check (customer_idle_minutes between 1 and 1440),
      staff_idle_minutes integer not null default 720 check (staff_idle_minutes between 1 and 10080),
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      txid xid8 not null default pg_current_xact_id()
    );
    insert into shop_settings (id) values (1);

    -- Staff -----------------------------------------------------------------------------------
    create table staff_users (
      id bigint generated always as identity primary key,
      username text not null check (username ~ '^[A-Za-z0-9._-]{2,64}$'),
      display_name text not null check (length(display_name) between 1 and 120),
      email text,
      role text not null default 'staff' check (role in ('admin', 'staff')),
      password_hash text not null,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id()
    );
    create unique index staff_users_username_key on staff_users (lower(username));

    -- Customers -------------------------------------------------------------------------------
    create table customers (
      id bigint generated always as identity primary key,
      name text not null check (length(name) between 1 and 200),
      company text,
      email text not null check (email ~ '^[^@\\s]+@[^@\\s]+$' and length(email) <= 254),
      phone text,
      address text,
      portal_enabled boolean not null default true,
      password_hash text,
      portal_login_token_hash text,
      portal_login_token_kind text check (portal_login_token_kind in ('invite', 'reset')),
      portal_login_token_expires_at timestamptz,
      portal_last_login timestamptz,
      notify_preference text not null default 'all' check (notify_preference in ('all', 'milestones', 'none')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      constraint customers_token_complete check (
        (portal_login_token_hash is null) = (portal_login_token_expires_at is null)
      )
    );
    create unique index customers_email_key on customers (lower(email)) where deleted_at is null;
    create unique index customers_login_token_key on customers (portal_login_token_hash)
      where portal_login_token_hash is not null;
    create index customers_search_idx on customers using gin (
      to_tsvector('simple', name || ' ' || coalesce(company, '') || ' ' || email)
    );

    -- Jobs ------------------------------------------------------------------------------------
    create table job_number_counters (
      year integer primary key,
      last_value integer not null
    );

    create table jobs (
      id bigint generated always as identity primary key,
      job_number text not null,
      customer_id bigint not null references customers (id),
      title text not null check (length(title) between 1 and 200),
      description text not null default '',
      quantity integer not null default 1 check (quantity between 1 and 10000000),
      special_instructions text not null default '',
      specifications jsonb not null default '[]' check (jsonb_typeof(specifications) = 'array'),
      status text not null default 'not_started'
        check (status in ('not_started', 'in_progress', 'quality_check', 'ready_for_pickup', 'completed')),
      progress_percentage smallint not null default 0 check (progress_percentage between 0 and 100),
      estimated_completion date,
      customer_notes text not null default '',
      shop_notes text not null default '',
      completed_at timestamptz,
      created_by bigint references staff_users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      search_vector tsvector generated always as (
        to_tsvector('simple', job_number || ' ' || title || ' ' || description)
      ) stored,
      constraint jobs_completed_at_matches_status check ((status = 'completed') = (completed_at is not null))
    );
    create unique index jobs_job_number_key on jobs (job_number);
    create index jobs_customer_status_idx on jobs (customer_id, status) where deleted_at is null;
    create index jobs_customer_completed_idx on jobs (customer_id, completed_at desc)
      where deleted_at is null and status = 'completed';
    create index jobs_customer_updated_idx on jobs (customer_id, updated_at desc);
    create index jobs_status_updated_idx on jobs (status, updated_at desc) where deleted_at is null;
    create index jobs_search_idx on jobs using gin (search_vector);

    -- Job numbers come from the database: J-<year>-<counter of that year, 4+ digits>.
    create function traveler_assign_job_number() returns trigger language plpgsql as $$
    declare
      y integer := extract(year from coalesce(new.created_at, now()))::integer;
      n integer;
    begin
      insert into job_number_counters as c (year, last_value) values (y, 1)
        on conflict (year) do update set last_value = c.last_value + 1
        returning last_value into n;
      new.job_number := 'J-' || y || '-' || lpad(n::text, greatest(4, length(n::text)), '0');
      return new;
    end $$;
    create trigger jobs_assign_number before insert on jobs
      for each row execute function traveler_assign_job_number();

    -- Status history --------------------------------------------------------------------------
    create table job_status_history (
      id bigint generated always as identity primary key,
      job_id bigint not null references jobs (id),
      status text not null
        check (status in ('not_started', 'in_progress', 'quality_check', 'ready_for_pickup', 'completed')),
      progress_percentage smallint check (progress_percentage between 0 and 100),
      notes text not null default '',
      visible_to_customer boolean not null default true,
      updated_by bigint references staff_users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id()
    );
    create index job_status_history_job_idx on job_status_history (job_id, created_at desc);

    -- Photos ----------------------------------------------------------------------------------
    create table job_photos (
      id bigint generated always as identity primary key,
      job_id bigint not null references jobs (id),
      content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
      data bytea not null,
      thumbnail bytea not null,
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      byte_size integer not null check (byte_size > 0),
      caption text not null default '',
      visible_to_customer boolean not null default false,
      uploaded_by bigint references staff_users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id()
    );
    create index job_photos_job_idx on job_photos (job_id) where deleted_at is null;

    -- Sessions (Lucia's design: the id is the SHA-256 of the token) ---------------------------
    create table sessions (
      id text primary key check (id ~ '^[0-9a-f]{64}$'),
      subject_type text not null check (subject_type in ('staff', 'customer')),
      subject_id bigint not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      idle_expires_at timestamptz not null,
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index sessions_subject_idx on sessions (subject_type, subject_id);
    create index sessions_expires_idx on sessions (expires_at);

    -- Audit log -------------------------------------------------------------------------------
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('staff', 'customer', 'anonymous', 'system')),
      actor_id bigint,
      action text not null,
      target_type text,
      target_id text,
      ip text,
      user_agent text,
      details jsonb not null default '{}'
    );
    create index audit_log_at_idx on audit_log (at desc);
    create index audit_log_actor_idx on audit_log (actor_type, actor_id, at desc);
    create index audit_log_action_idx on audit_log (action, at desc);

    -- Email outbox ----------------------------------------------------------------------------
    create table email_outbox (
      id bigint generated always as identity primary key,
      kind text not null,
      customer_id bigint references customers (id),
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      headers jsonb not null default '{}',
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index email_outbox_due_idx on email_outbox (next_attempt_at) where status in ('queued', 'failed');
    create index email_outbox_customer_idx on email_outbox (customer_id, created_at desc);

    -- Idempotency keys for the console's outbox ----------------------------------------------
    create table idempotency_keys (
      staff_user_id bigint not null references staff_users (id),
      key text not null check (length(key) between 8 and 200),
      procedure text not null,
      result jsonb,
      created_at timestamptz not null default now(),
      primary key (staff_user_id, key)
    );
  `.execute(db);

  // Triggers on every synced table: stamp txid, soft delete, notify at commit.
  for (const table of ["staff_users", "customers", "jobs", "job_status_history", "job_photos"]) {
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
  await sql`
    create trigger shop_settings_stamp before update on shop_settings
      for each row execute function traveler_stamp_row();
    create trigger shop_settings_notify after update on shop_settings
      for each statement execute function traveler_notify_change();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
