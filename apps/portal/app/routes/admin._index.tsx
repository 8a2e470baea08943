import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { StatusIcon } from "../components/status-badge.tsx";
import { apiFor } from "../lib/api.server.ts";
import { formatDay } from "../lib/format.ts";
import { JOB_STATUS_LABEL, JOB_STATUS_ORDER } from "../lib/job-status.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Job board · Shop staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const list = await apiFor(request, context, session).staff.jobs.list({
    ...(q ? { q } : {}),
    includeCompleted: false,
    limit: 200,
  });
  return { q, jobs: list.items, total: list.total };
}

const ACTIVE = JOB_STATUS_ORDER.filter((s) => s !== "completed");

export default function JobBoard() {
  const { q, jobs, total } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/admin";
  return (
    <>
      <h1 className="h3 mb-3">Job board</h1>
      <Link to="/admin/print?day=today" className="btn btn-outline-secondary mb-3">
        Print today's due
      </Link>
      <Form method="get" role="search" aria-label="Search jobs" className="d-flex gap-2 mb-3">
        <label htmlFor="q" className="visually-hidden">
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
        <button type="submit" className="btn btn-primary" disabled={searching}>
          {searching ? "Searching…" : "Search"}
        </button>
      </Form>
      <p className="text-body-secondary" aria-live="polite">
        {total} active job{total === 1 ? "" : "s"}
        {q ? ` matching “${q}”` : ""}.
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
                  {group.map((job) => (
                    <li key={job.jobNumber} className="card shadow-sm">
                      <div className="card-body p-3">
                        <p className="small font-monospace text-body-secondary mb-1">
                          {job.jobNumber}
                        </p>
                        <h3 className="h6 mb-1">
                          <Link to={`/admin/job/${job.jobNumber}`}>{job.title}</Link>
                        </h3>
                        <p className="small mb-2">
                          <Link to={`/admin/customer/${job.customerId}`}>{job.customerName}</Link>
                          {job.estimatedCompletion
                            ? ` · due ${formatDay(job.estimatedCompletion)}`
                            : ""}
                        </p>
                        <ProgressBar value={job.progress} label={`Progress of ${job.title}`} />
                      </div>
                    </li>
                  ))}
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
