import { dueState, formatDay, relativeDay } from "@traveler/api/schemas";
import type { JobSummary } from "../client.ts";

/**
 * A job on the board and the Due view: number, rush, title, customer and owner, the due date
 * with its distance, and words (not only colour) for overdue and due-today work.
 */
export function JobCardBody({ job, today }: { job: JobSummary; today: string | undefined }) {
  const state = today ? dueState(job.estimatedCompletion, today) : "none";
  return (
    <>
      <span className="job-number">
        {job.id === null ? "New (queued)" : job.jobNumber}
        {job.rush && <strong className="flag rush">⚡ Rush</strong>}
      </span>
      <span className="job-title">{job.title}</span>
      <span className="muted">
        {job.customerName}
        {job.ownerName ? ` · ${job.ownerName}` : ""}
      </span>
      <span className={`due due-${state}`}>
        {state === "overdue" && <strong className="flag overdue">⚠ Overdue</strong>}
        {state === "today" && <strong className="flag today">◷ Due today</strong>}
        {job.estimatedCompletion ? (
          <>
            {" "}
            Due {formatDay(job.estimatedCompletion)}
            {today && state !== "today" ? ` (${relativeDay(job.estimatedCompletion, today)})` : ""}
          </>
        ) : (
          <span className="muted">No due date</span>
        )}
      </span>
      <span className="progress" title={`${job.progress}% done`}>
        <span style={{ width: `${job.progress}%` }} />
      </span>
    </>
  );
}

/** Owner and rush filters (the board and the Due view share them). */
export interface JobFilter {
  ownerId?: number | null;
  rush?: boolean;
}

export function JobFilterBar({
  filter,
  onChange,
  staff,
  myId,
}: {
  filter: JobFilter;
  onChange: (next: JobFilter) => void;
  staff: { id: number; displayName: string; active: boolean }[];
  myId: number | undefined;
}) {
  const owner =
    filter.ownerId === undefined ? "" : filter.ownerId === null ? "none" : String(filter.ownerId);
  return (
    <div className="filter-bar">
      <label>
        Owner{" "}
        <select
          value={owner}
          onChange={(e) => {
            const v = e.target.value;
            const { ownerId: _drop, ...rest } = filter;
            onChange(v === "" ? rest : { ...rest, ownerId: v === "none" ? null : Number(v) });
          }}
        >
          <option value="">Everyone</option>
          {myId !== undefined && <option value={String(myId)}>My jobs</option>}
          <option value="none">No owner</option>
          {staff
            .filter((s) => s.active && s.id !== myId)
            .map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.displayName}
              </option>
            ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.rush ?? false}
          onChange={(e) => {
            const { rush: _drop, ...rest } = filter;
            onChange(e.target.checked ? { ...rest, rush: true } : rest);
          }}
        />{" "}
        Rush only
      </label>
    </div>
  );
}
