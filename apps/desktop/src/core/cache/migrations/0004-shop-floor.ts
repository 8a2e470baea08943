import type { CacheMigration } from "./migration.ts";

/**
 * Issue 12: a job's owner and rush flag, and timeline rows of kind 'due' (a revised estimated
 * completion, dueFrom → dueTo). Rows this console pulled from a newer server before it knew these
 * columns lack their values, so the cursor is cleared: the next sync pulls every row again
 * (applying is idempotent; same-version rows fill the new columns) and nothing else is lost.
 */
export const shopFloor: CacheMigration = {
  name: "0004-shop-floor",
  up(db) {
    db.exec(`
      alter table jobs add column owner_id integer;
      alter table jobs add column rush integer not null default 0;
      create index jobs_owner_idx on jobs (owner_id) where deleted_at is null;
      alter table job_status_history add column kind text not null default 'status';
      alter table job_status_history add column due_from text;
      alter table job_status_history add column due_to text;
      update sync_state set value = null where key = 'cursor';
    `);
  },
};
