import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { DesktopRouter } from "../../core/desktop-router.ts";
import { ipcLink } from "./ipc-link.ts";

/** Inside Electron the preload bridge carries operations; in the harness, HTTP to /trpc. */
export const client = createTRPCClient<DesktopRouter>({
  links: [window.traveler ? ipcLink() : httpBatchLink({ url: "/trpc" })],
});

export type Outputs = inferRouterOutputs<DesktopRouter>;
export type Status = Outputs["status"];
export type JobSummary = Outputs["jobs"]["list"]["items"][number];
export type JobDetail = Outputs["jobs"]["get"];
export type Customer = Outputs["customers"]["list"][number];

export const STATUS_LABELS = {
  not_started: "Not started",
  in_progress: "In progress",
  quality_check: "Quality check",
  ready_for_pickup: "Ready for pickup",
  completed: "Completed",
} as const;
export type JobStatus = keyof typeof STATUS_LABELS;
export const STATUSES = Object.keys(STATUS_LABELS) as JobStatus[];

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
