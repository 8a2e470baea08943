import type { CacheMigration } from "./migration.ts";

/** The job list's default order (newest change first) straight from an index: no sort at start. */
export const jobListOrderIndex: CacheMigration = {
  name: "0002-job-list-order-index",
  up(db) {
    db.exec(
      "create index jobs_updated_idx on jobs (updated_at desc, id desc) where deleted_at is null",
    );
  },
};
