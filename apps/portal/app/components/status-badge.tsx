import { JOB_STATUS_LABEL, type JobStatus } from "../lib/job-status.ts";

/** Icon paths (16×16 viewBox): the status never relies on colour alone. */
const ICON: Record<JobStatus, string> = {
  // hollow circle
  not_started: "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM0 8a8 8 0 1 1 16 0A8 8 0 0 1 0 8Z",
  // half-filled circle
  in_progress: "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0Zm0 1.5v13a6.5 6.5 0 0 0 0-13Z",
  // magnifier
  quality_check:
    "M6.5 0a6.5 6.5 0 0 1 5.2 10.4l4 4-1.3 1.3-4-4A6.5 6.5 0 1 1 6.5 0Zm0 1.8a4.7 4.7 0 1 0 0 9.4 4.7 4.7 0 0 0 0-9.4Z",
  // box
  ready_for_pickup:
    "M8 0l7 3.5v9L8 16l-7-3.5v-9L8 0Zm0 1.7L3.1 4.1 8 6.6l4.9-2.5L8 1.7ZM2.5 5.3v6.3L7.2 14V7.6L2.5 5.3Zm11 0L8.8 7.6V14l4.7-2.4V5.3Z",
  // check in circle
  completed:
    "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0Zm3.6 4.9L6.8 9.7 4.4 7.3 3.3 8.4l3.5 3.5 5.9-5.9-1.1-1.1Z",
};

export function StatusIcon({ status }: { status: JobStatus }) {
  return (
    <svg width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path fill="currentColor" fillRule="evenodd" d={ICON[status]} />
    </svg>
  );
}

export function StatusBadge({ status }: { status: JobStatus }) {
  return (
    <span className={`status-badge status-${status}`}>
      <StatusIcon status={status} />
      <span>{JOB_STATUS_LABEL[status]}</span>
    </span>
  );
}
