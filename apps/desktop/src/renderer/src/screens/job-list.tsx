import { useEffect, useRef, useState } from "react";
import { client, formatTime, type JobStatus, STATUS_LABELS, STATUSES } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";

export function JobList({
  open,
  focusSearch,
}: {
  open: (jobNumber: string) => void;
  focusSearch?: number | undefined;
}) {
  const [q, setQ] = useState("");
  const [statuses, setStatuses] = useState<JobStatus[]>([]);
  const [includeCompleted, setIncludeCompleted] = useState(true);
  const search = useRef<HTMLInputElement>(null);
  // Ctrl+K: focus the search box each time it is pressed (focusSearch changes).
  useEffect(() => {
    search.current?.focus({ preventScroll: focusSearch === undefined });
  }, [focusSearch]);
  const list = useCacheQuery(["jobs", q, statuses, includeCompleted], () =>
    client.jobs.list.query({
      q: q || undefined,
      status: statuses.length ? statuses : undefined,
      includeCompleted,
      limit: 200,
    }),
  );
  const toggle = (s: JobStatus) =>
    setStatuses((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  return (
    <section>
      <header className="screen-header">
        <h1>Jobs</h1>
        <input
          ref={search}
          type="search"
          className="search"
          placeholder="Search job number, title, description, customer…  (Ctrl+K)"
          aria-label="Search jobs"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </header>
      <fieldset className="filters" aria-label="Filter by status">
        {STATUSES.map((s) => (
          <button
            type="button"
            key={s}
            className={statuses.includes(s) ? "chip on" : "chip"}
            onClick={() => toggle(s)}
            aria-pressed={statuses.includes(s)}
          >
            {STATUS_LABELS[s]}
          </button>
        ))}
        <label className="check">
          <input
            type="checkbox"
            checked={includeCompleted}
            onChange={(e) => setIncludeCompleted(e.target.checked)}
          />{" "}
          Include completed
        </label>
        <span className="muted" data-testid="result-count">
          {list.data
            ? `${list.data.total.toLocaleString()}${list.data.totalIsLowerBound ? "+" : ""} jobs · ${list.data.ms} ms`
            : ""}
        </span>
      </fieldset>
      <table className="table">
        <thead>
          <tr>
            <th>Job</th>
            <th>Title</th>
            <th>Customer</th>
            <th>Status</th>
            <th>Progress</th>
            <th>Due</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((job) => (
            <tr
              key={job.jobNumber}
              onClick={() => open(job.jobNumber)}
              className={job.pending ? "pending clickable" : "clickable"}
            >
              <td>
                <button type="button" className="link" onClick={() => open(job.jobNumber)}>
                  {job.id === null ? "New (queued)" : job.jobNumber}
                </button>
              </td>
              <td>{job.title}</td>
              <td>{job.customerName}</td>
              <td>
                <span className={`status status-${job.status}`}>{STATUS_LABELS[job.status]}</span>
              </td>
              <td>{job.progress}%</td>
              <td>{job.estimatedCompletion ?? "—"}</td>
              <td className="muted">{formatTime(job.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.items.length === 0 && <p className="muted empty">No jobs match.</p>}
    </section>
  );
}
