import { type Kysely, sql } from "kysely";

/**
 * Files on a job (issue 13).
 *
 * `file_blobs` + `file_chunks` are the PostgreSQL file store behind `FileStorage`
 * (packages/api/src/files): a file's bytes in fixed-size chunks, so no query reads or writes a
 * whole file at once and a range read touches only the chunks it needs. A blob is written chunk by
 * chunk in short autocommit statements (a long transaction would hold the sync watermark and, in
 * embedded mode, every other connection) and becomes readable only once `completed_at` is set;
 * a refused or broken upload deletes its blob, and chunks go with it (on delete cascade).
 *
 * `job_files` is the metadata a job shows (synced to consoles like job_photos: txid, version,
 * soft delete, notify). It references the bytes by the storage's opaque key, never holds them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table file_blobs (
      key text primary key check (key ~ '^[0-9a-f]{32}$'),
      content_type text not null check (length(content_type) between 1 and 200),
      chunk_size integer not null check (chunk_size > 0),
      byte_size bigint not null default 0 check (byte_size >= 0),
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      check ((completed_at is null) = (sha256 is null))
    );
    create index file_blobs_incomplete_idx on file_blobs (created_at) where completed_at is null;

    create table file_chunks (
      blob_key text not null references file_blobs (key) on delete cascade,
      seq integer not null check (seq >= 0),
      data bytea not null check (length(data) > 0),
      primary key (blob_key, seq)
    );
    alter table file_chunks alter column data set storage external;

    create table job_files (
      id bigint generated always as identity primary key,
      job_id bigint not null references jobs (id),
      storage_key text not null check (length(storage_key) between 1 and 500),
      file_name text not null check (length(file_name) between 1 and 255),
      content_type text not null check (length(content_type) between 1 and 200),
      byte_size bigint not null check (byte_size > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      caption text not null default '' check (length(caption) <= 500),
      visible_to_customer boolean not null default false,
      uploaded_by_staff bigint references staff_users (id),
      uploaded_by_customer bigint references customers (id),
      thumbnail bytea,
      page_count integer check (page_count > 0),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      check ((uploaded_by_staff is null) <> (uploaded_by_customer is null)),
      -- A customer's own upload is always visible to staff and to that customer.
      check (uploaded_by_customer is null or visible_to_customer)
    );
    create index job_files_job_idx on job_files (job_id, created_at) where deleted_at is null;
    create index job_files_storage_key_idx on job_files (storage_key);

    create trigger job_files_stamp before insert or update on job_files
      for each row execute function traveler_stamp_row();
    create trigger job_files_soft_delete before delete on job_files
      for each row execute function traveler_soft_delete();
    create trigger job_files_notify after insert or update on job_files
      for each statement execute function traveler_notify_change();
    create index job_files_txid_idx on job_files (txid, id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
