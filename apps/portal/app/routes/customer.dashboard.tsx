import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { JobCard } from "../components/job-card.tsx";
import { LiveUpdates } from "../components/live-updates.tsx";
import { ProofBanner } from "../components/proof-banner.tsx";
import { apiFor } from "../lib/api.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Your active jobs · Customer portal" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const api = apiFor(request, context, session);
  const [dashboard, { proofsWaiting, unread }] = await Promise.all([
    api.customer.dashboard(),
    api.customer.notices(),
  ]);
  return {
    ...dashboard,
    proofsWaiting,
    unread: Object.fromEntries(unread.byJob.map((u) => [u.jobNumber, u.unread])),
  };
}

export default function DashboardPage() {
  const { customer, jobs, proofsWaiting, unread } = useLoaderData<typeof loader>();
  return (
    <>
      <ProofBanner waiting={proofsWaiting} />
      <div className="d-flex flex-wrap align-items-baseline justify-content-between gap-2 mb-3">
        <h1 className="h3 m-0">Your active jobs</h1>
        <LiveUpdates />
      </div>
      <p className="text-body-secondary">
        Hello {customer.name}. {jobs.length === 1 ? "One job is" : `${jobs.length} jobs are`} in
        progress with us.
      </p>
      {jobs.length === 0 ? (
        <div className="card shadow-sm">
          <div className="card-body">
            <h2 className="h5">No active jobs right now</h2>
            <p className="mb-2">
              When the shop starts on a job for you it appears here, with its status and estimated
              completion date.
            </p>
            <Link to="/customer/history" className="btn btn-outline-primary">
              See your completed jobs
            </Link>
          </div>
        </div>
      ) : (
        <ul className="list-unstyled row row-cols-1 row-cols-md-2 row-cols-xl-3 g-3">
          {jobs.map((job) => (
            <li key={job.jobNumber} className="col">
              <JobCard job={job} unread={unread[job.jobNumber] ?? 0} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
