import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { DueLine, RushFlag } from "../components/due-flag.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { StaffLive } from "../components/live-updates.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { StatusIcon } from "../components/status-badge.tsx";
import { apiFor } from "../lib/api.server.ts";
import { dueState, useShopTime } from "../lib/format.ts";
import { JOB_STATUS_LABEL, JOB_STATUS_ORDER } from "../lib/job-status.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Job board · Shop staff" }];

/** The board's filters as they arrive in the address (a bad value is ignored, not an error). */
function filtersOf(url: URL, myId: number) {
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const owner = url.searchParams.get("owner") ?? "";
  const ownerId =
    owner === "me"
      ? myId
      : owner === "none"
        ? null
        : /^\d{1,15}$/.test(owner)
          ? Number(owner)
          : undefined;
  const rush = url.searchParams.get("rush") === "1";
  return { q, owner: ownerId === undefined ? "" : owner, ownerId, rush };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const api = apiFor(request, context, session);
  const filters = filtersOf(
    new URL(request.url),
    session.actor.type === "staff" ? session.actor.staffId : 0,
  );
  const [list, staff] = await Promise.all([
    api.staff.jobs.list({
      ...(filters.q ? { q: filters.q } : {}),
      ...(filters.ownerId !== undefined ? { ownerId: filters.ownerId } : {}),
      ...(filters.rush ? { rush: true } : {}),
      includeCompleted: false,
      sort: "due",
      limit: 200,
    }),
    api.staff.users.directory(),
  ]);
  return { ...filters, jobs: list.items, total: list.total, staff: staff.items };
}

const ACTIVE = JOB_STATUS_ORDER.filter((s) => s !== "completed");

export default function JobBoard() {
  const { q, owner, rush, jobs, total, staff } = useLoaderData<typeof loader>();
  const { today } = useShopTime();
  const filtered = Boolean(q || owner || rush);
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/admin";
  return (
    <>
      <div className="d-flex flex-wrap align-items-baseline justify-content-between gap-2 mb-3">
        <h1 className="h3 m-0">Job board</h1>
        <StaffLive />
      </div>
      <Link to="/admin/print?day=today" className="btn btn-outline-secondary mb-3">
        Print today's due
      </Link>
      <Form
        method="get"
        role="search"
        aria-label="Search and filter jobs"
        className="board-filters d-flex flex-wrap align-items-end gap-2 mb-3"
      >
        <div className="flex-grow-1">
          <label htmlFor="q" className="form-label small mb-1">
            Search jobs
          </label>
          <input
            type="search"
            id="q"
            name="q"
            defaultValue={q}
            className="form-control"
            placeholder="Job number, title or customer"
          />
        </div>
        <div>
          <label htmlFor="owner" className="form-label small mb-1">
            Owner
          </label>
          <select id="owner" name="owner" defaultValue={owner} className="form-select">
            <option value="">Everyone</option>
            <option value="me">My jobs</option>
            <option value="none">No owner</option>
            {staff.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="form-check mb-2">
          <input
            type="checkbox"
            id="rush"
            name="rush"
            value="1"
            defaultChecked={rush}
            className="form-check-input"
          />
          <label htmlFor="rush" className="form-check-label">
            Rush only
          </label>
        </div>
        <button type="submit" className="btn btn-primary" disabled={searching}>
          {searching ? "Searching…" : "Show"}
        </button>
        {filtered ? (
          <Link to="/admin" className="btn btn-outline-secondary">
            Clear
          </Link>
        ) : null}
      </Form>
      <p className="text-body-secondary" aria-live="polite">
        {total} active job{total === 1 ? "" : "s"}
        {q ? ` matching “${q}”` : ""}
        {filtered && !q ? " matching the filters" : ""}, soonest due first
        {total > jobs.length ? ` (the first ${jobs.length} shown)` : ""}.
      </p>
      <div className="row g-3">
        {ACTIVE.map((status) => {
          const group = jobs.filter((j) => j.status === status);
          return (
            <section
              key={status}
              className="col-12 col-md-6 col-xl-3"
              aria-labelledby={`col-${status}`}
            >
              <h2 className="h6 d-flex align-items-center gap-2" id={`col-${status}`}>
                <span className={`status-badge status-${status}`}>
                  <StatusIcon status={status} />
                  {JOB_STATUS_LABEL[status]}
                </span>
                <span className="text-body-secondary">({group.length})</span>
              </h2>
              <Link
                to={`/admin/print?status=${status}`}
                className="small d-inline-flex mb-2 touch-target"
                aria-label={`Print this column: ${JOB_STATUS_LABEL[status]}`}
              >
                Print this column
              </Link>
              {group.length === 0 ? (
                <p className="small text-body-secondary">No jobs.</p>
              ) : (
                <ul className="list-unstyled d-grid gap-2">
                  {group.map((job) => {
                    const due = dueState(job.estimatedCompletion, today);
                    return (
                      <li
                        key={job.jobNumber}
                        className={`card shadow-sm board-card${due === "overdue" ? " is-overdue" : due === "today" ? " is-today" : ""}`}
                      >
                        <div className="card-body p-3">
                          <p className="small font-monospace text-body-secondary mb-1 d-flex gap-2">
                            {job.jobNumber}
                            {job.rush ? <RushFlag /> : null}
                          </p>
                          <h3 className="h6 mb-1">
                            <Link to={`/admin/job/${job.jobNumber}`}>{job.title}</Link>
                          </h3>
                          <p className="small mb-1">
                            <Link to={`/admin/customer/${job.customerId}`}>{job.customerName}</Link>
                            {job.ownerName ? ` · ${job.ownerName}` : ""}
                          </p>
                          <p className="small mb-2">
                            <DueLine day={job.estimatedCompletion} today={today} />
                          </p>
                          <ProgressBar value={job.progress} label={`Progress of ${job.title}`} />
                        </div>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
