import { Link } from "@remix-run/react";
import {
  formatDateTime,
  formatDay,
  formatQuantity,
  relativeDay,
  useShopTime,
} from "../lib/format.ts";
import type { JobStatus } from "../lib/job-status.ts";
import { ProgressBar } from "./progress-bar.tsx";
import { StatusBadge } from "./status-badge.tsx";
import { UnreadMessages } from "./unread-messages.tsx";

export interface JobCardData {
  jobNumber: string;
  title: string;
  description: string;
  status: JobStatus;
  progress: number;
  estimatedCompletion: string | null;
  quantity: number;
  specialInstructions: string;
  updatedAt: string;
}

export function JobCard({ job, unread = 0 }: { job: JobCardData; unread?: number }) {
  const { timeZone, today } = useShopTime();
  const headingId = `job-${job.jobNumber}`;
  return (
    <article className="card job-card h-100 shadow-sm" aria-labelledby={headingId}>
      <div className="card-body d-flex flex-column gap-2">
        <div className="d-flex flex-wrap justify-content-between align-items-start gap-2">
          <p className="m-0 small text-body-secondary font-monospace">{job.jobNumber}</p>
          <StatusBadge status={job.status} />
        </div>
        <h2 className="card-title h5 m-0" id={headingId}>
          <Link to={`/customer/job/${job.jobNumber}`}>{job.title}</Link>
        </h2>
        {job.description ? <p className="m-0">{job.description}</p> : null}
        {unread > 0 ? <UnreadMessages jobNumber={job.jobNumber} count={unread} /> : null}
        <ProgressBar value={job.progress} label={`Progress of ${job.title}`} />
        <dl className="job-meta row m-0 mt-1">
          <dt className="col-6 px-0">Estimated completion</dt>
          <dd className="col-6 px-0 text-end">
            {job.estimatedCompletion ? (
              <>
                <span className="fw-semibold">{relativeDay(job.estimatedCompletion, today)}</span>
                <br />
                <time dateTime={job.estimatedCompletion} className="small">
                  {formatDay(job.estimatedCompletion)}
                </time>
              </>
            ) : (
              "Not scheduled yet"
            )}
          </dd>
          <dt className="col-6 px-0">Quantity</dt>
          <dd className="col-6 px-0 text-end">{formatQuantity(job.quantity)}</dd>
          {job.specialInstructions ? (
            <>
              <dt className="col-12 px-0">Special instructions</dt>
              <dd className="col-12 px-0">{job.specialInstructions}</dd>
            </>
          ) : null}
          <dt className="col-6 px-0">Last update</dt>
          <dd className="col-6 px-0 text-end">
            <time dateTime={job.updatedAt}>{formatDateTime(job.updatedAt, timeZone)}</time>
          </dd>
        </dl>
        <div className="mt-auto">
          <Link to={`/customer/job/${job.jobNumber}`} className="btn btn-outline-primary w-100">
            View details
            <span className="visually-hidden">
              {" "}
              of {job.title} ({job.jobNumber})
            </span>
          </Link>
        </div>
      </div>
    </article>
  );
}
