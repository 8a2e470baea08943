import { useState } from "react";
import { client, type JobStatus, type JobSummary, STATUS_LABELS } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";
import { PrintActions } from "./print-actions.tsx";
import { StatusDialog } from "./status-dialog.tsx";

const COLUMNS: JobStatus[] = ["not_started", "in_progress", "quality_check", "ready_for_pickup"];

export function JobBoard({ open }: { open: (jobNumber: string) => void }) {
  const board = useCacheQuery(["board"], () => client.jobs.board.query());
  const [moving, setMoving] = useState<JobSummary | null>(null);
  return (
    <section className="board-screen">
      <header className="screen-header">
        <h1>Job board</h1>
        <span className="muted">Active jobs by status · newest first</span>
      </header>
      <div className="board">
        {COLUMNS.map((status) => {
          const column = board.data?.[status];
          return (
            <section key={status} className="column" aria-label={STATUS_LABELS[status]}>
              <h2>
                {STATUS_LABELS[status]} <span className="count">{column?.total ?? 0}</span>
              </h2>
              <PrintActions
                target={{ status }}
                label="Print"
                ariaLabel={`Print the ${STATUS_LABELS[status]} column`}
              />
              <ul>
                {column?.items.map((job) => (
                  <li key={job.jobNumber} className={job.pending ? "job-card pending" : "job-card"}>
                    <button type="button" className="card-open" onClick={() => open(job.jobNumber)}>
                      <span className="job-number">
                        {job.id === null ? "New (queued)" : job.jobNumber}
                      </span>
                      <span className="job-title">{job.title}</span>
                      <span className="muted">{job.customerName}</span>
                      <span className="progress" title={`${job.progress}% done`}>
                        <span style={{ width: `${job.progress}%` }} />
                      </span>
                    </button>
                    {job.id !== null && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => setMoving(job)}
                        aria-label={`Move ${job.jobNumber}`}
                      >
                        Move →
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {column && column.total > column.items.length && (
                <p className="muted more">
                  +{(column.total - column.items.length).toLocaleString()} more in the job list
                </p>
              )}
            </section>
          );
        })}
      </div>
      {moving && (
        <StatusDialog
          jobNumber={moving.jobNumber}
          current={moving.status}
          onClose={() => setMoving(null)}
        />
      )}
    </section>
  );
}
