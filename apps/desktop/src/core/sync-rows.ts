import type { AppRouter } from "@traveler/api";
import type { inferRouterOutputs } from "@trpc/server";

/** The server's pull page, as the console receives it over HTTP. */
export type PullPage = inferRouterOutputs<AppRouter>["sync"]["pull"];
export type SyncRows = PullPage["rows"];
export type SyncJobRow = SyncRows["jobs"][number];
export type SyncCustomerRow = SyncRows["customers"][number];
export type SyncHistoryRow = SyncRows["job_status_history"][number];
export type SyncPhotoRow = SyncRows["job_photos"][number];
export type SyncStaffRow = SyncRows["staff_users"][number];
export type SyncShopRow = SyncRows["shop_settings"][number];

export const JOB_STATUSES = [
  "not_started",
  "in_progress",
  "quality_check",
  "ready_for_pickup",
  "completed",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
