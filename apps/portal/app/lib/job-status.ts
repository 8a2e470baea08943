export const JOB_STATUS_ORDER = [
  "not_started",
  "in_progress",
  "quality_check",
  "ready_for_pickup",
  "completed",
] as const;
export type JobStatus = (typeof JOB_STATUS_ORDER)[number];

export const JOB_STATUS_LABEL: Record<JobStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  quality_check: "Quality check",
  ready_for_pickup: "Ready for pickup",
  completed: "Completed",
};

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUS_ORDER as readonly string[]).includes(value);
}
