import type { CacheMigration } from "./migration.ts";

/** The job list sorts by due date straight from an index (customer and name ones exist). */
export const jobListDueIndex: CacheMigration = {
  name: "0003-job-list-due-index",
  up(db) {
    db.exec(
      "create index jobs_due_idx on jobs (estimated_completion, id) where deleted_at is null",
    );
  },
};
