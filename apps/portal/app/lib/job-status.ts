/** The job statuses in their order and the words people read for them: one definition, shared. */
export {
  JOB_STATUS_LABELS as JOB_STATUS_LABEL,
  JOB_STATUS_VALUES as JOB_STATUS_ORDER,
  type JobStatusValue as JobStatus,
} from "@traveler/api/schemas";
