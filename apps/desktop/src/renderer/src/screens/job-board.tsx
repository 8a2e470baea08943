import { useState } from "react";
import { client, type JobStatus, type JobSummary, STATUS_LABELS } from "../client.ts";
import { useCacheQuery, useStatus } from "../use-data.ts";
import { JobCardBody, type JobFilter, JobFilterBar } from "./job-card.tsx";
import { PrintActions } from "./print-actions.tsx";
import { StatusDialog } from "./status-dialog.tsx";

const COLUMNS: JobStatus[] = ["not_started", "in_progress", "quality_check", "ready_for_pickup"];

/** The staff list and "my" id, for the owner filter. */
export function useOwners() {
  const status = useStatus();
  const staff = useCacheQuery(["staff-cached"], () => client.staffUsers.cached.query());
  const me = staff.data?.find((s) => s.username === status.data?.staff?.username);
  return { staff: staff.data ?? [], myId: me?.id };
}

export function JobBoard({ open }: { open: (jobNumber: string) => void }) {
  const [filter, setFilter] = useState<JobFilter>({});
  const board = useCacheQuery(["board", filter], () => client.jobs.board.query(filter));
  const today = useCacheQuery(["today"], () => client.jobs.today.query());
  const owners = useOwners();
  const [moving, setMoving] = useState<JobSummary | null>(null);
  return (
    <section className="board-screen">
      <header className="screen-header">
        <h1>Job board</h1>
        <span className="muted">Active jobs by status · soonest due first</span>
        <JobFilterBar filter={filter} onChange={setFilter} {...owners} />
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
                      <JobCardBody job={job} today={today.data} />
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
