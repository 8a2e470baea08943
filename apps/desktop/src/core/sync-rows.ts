import type { AppRouter } from "@traveler/api";
import type { SyncCustomer, SyncJob } from "@traveler/api/schemas";
import type { inferRouterOutputs } from "@trpc/server";

/** The server's pull page, as the console receives it over HTTP (rows as field + value arrays). */
export type PullPage = inferRouterOutputs<AppRouter>["sync"]["pull"];
export type SyncJobRow = SyncJob;
export type SyncCustomerRow = SyncCustomer;

export type { JobStatusValue as JobStatus } from "@traveler/api/schemas";
export { JOB_STATUS_VALUES as JOB_STATUSES } from "@traveler/api/schemas";
