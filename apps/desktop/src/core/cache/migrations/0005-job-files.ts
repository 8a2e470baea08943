import type { CacheMigration } from "./migration.ts";

/**
 * Issue 13: files on a job, mirrored as metadata (never bytes: a file is downloaded when opened).
 */
export const jobFiles: CacheMigration = {
  name: "0005-job-files",
  up(db) {
    db.exec(`
      create table job_files (
        id integer primary key,
        job_id integer not null,
        file_name text not null,
        content_type text not null,
        byte_size integer not null,
        sha256 text not null,
        caption text not null,
        visible_to_customer integer not null,
        uploaded_by_staff integer,
        uploaded_by_customer integer,
        has_thumbnail integer not null,
        page_count integer,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index job_files_job_idx on job_files (job_id);
    `);
  },
};
