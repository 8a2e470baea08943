import type { CacheMigration } from "./migration.ts";

/** Mirror tables of the synced server tables, the FTS5 job index, sync state and the outbox. */
export const initialSchema: CacheMigration = {
  name: "0001-initial-schema",
  up(db) {
    db.exec(`
      create table staff_users (
        id integer primary key,
        username text not null,
        display_name text not null,
        email text,
        role text not null,
        active integer not null,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create table customers (
        id integer primary key,
        name text not null,
        company text,
        email text not null,
        phone text,
        address text,
        portal_enabled integer not null,
        portal_activated integer not null,
        portal_token_kind text,
        portal_token_expires_at text,
        portal_last_login text,
        notify_preference text not null,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index customers_name_idx on customers (name collate nocase);
      create table jobs (
        id integer primary key,
        job_number text not null unique,
        customer_id integer not null,
        title text not null,
        description text not null,
        quantity integer not null,
        special_instructions text not null,
        specifications text not null,
        status text not null,
        progress integer not null,
        estimated_completion text,
        customer_notes text not null,
        shop_notes text not null,
        completed_at text,
        created_by integer,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index jobs_status_idx on jobs (status, updated_at desc) where deleted_at is null;
      create index jobs_customer_idx on jobs (customer_id);
      create table job_status_history (
        id integer primary key,
        job_id integer not null,
        status text not null,
        progress integer,
        notes text not null,
        visible_to_customer integer not null,
        updated_by integer,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index job_status_history_job_idx on job_status_history (job_id, created_at desc);
      create table job_photos (
        id integer primary key,
        job_id integer not null,
        content_type text not null,
        width integer not null,
        height integer not null,
        byte_size integer not null,
        caption text not null,
        visible_to_customer integer not null,
        uploaded_by integer,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index job_photos_job_idx on job_photos (job_id);
      create table shop_settings (
        id integer primary key,
        body text not null,
        version integer not null,
        txid text not null
      );
      create virtual table jobs_fts using fts5(
        job_number, title, description, customer_name,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      create table sync_state (
        key text primary key,
        value text
      );
      create table outbox (
        id integer primary key autoincrement,
        idempotency_key text not null unique,
        procedure text not null,
        input text not null,
        entity text not null,
        entity_key text not null,
        label text not null,
        state text not null default 'pending'
          check (state in ('pending', 'conflict', 'failed')),
        attempts integer not null default 0,
        last_error text,
        conflict text,
        created_at text not null
      );
      create table overlays (
        id integer primary key autoincrement,
        mutation_id integer not null,
        entity text not null,
        entity_key text not null,
        patch text not null,
        pushed integer not null default 0,
        result_txid text,
        result_id integer,
        result_version integer,
        created_at text not null
      );
      create index overlays_entity_idx on overlays (entity, entity_key);
      create index overlays_mutation_idx on overlays (mutation_id);
    `);
  },
};
