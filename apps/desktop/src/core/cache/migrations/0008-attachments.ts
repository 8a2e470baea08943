import type { CacheMigration } from "./migration.ts";

/**
 * Issue 14 in the console: which message a job file is attached to (`job_files.message_id`), a
 * quote request's files (`quote_requests.files`, JSON of the wire's list), and the server file
 * ids of uploads a queued reply waits for (`upload_results`: written when such an upload is
 * done, read when the reply is pushed, deleted after). `file_uploads.for_message` marks those
 * uploads. The cursor is cleared so the next sync pulls every row again with the new fields.
 */
export const attachments: CacheMigration = {
  name: "0008-attachments",
  up(db) {
    db.exec(`
      alter table job_files add column message_id integer;
      create index job_files_message_idx on job_files (message_id) where message_id is not null;
      alter table quote_requests add column files text;
      alter table file_uploads add column for_message integer not null default 0;
      create table upload_results (
        upload_id integer primary key,
        file_id integer not null
      );
      update sync_state set value = null where key = 'cursor';
    `);
  },
};
