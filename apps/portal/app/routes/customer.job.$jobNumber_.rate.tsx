import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { RatingForm } from "../components/rating-form.tsx";
import { apiFor, orNotFound } from "../lib/api.server.ts";
import { handleRatingPost } from "../lib/rating-action.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

/**
 * Rating a completed job while signed in. The job page posts here; this page also shows the form
 * on its own (the history's "Rate" links) and again with its errors. A rated job goes back to
 * its page, which shows the rating.
 */
export const meta: MetaFunction = () => [{ title: "Rate your job · Customer portal" }];

const jobPath = (jobNumber: string) => `/customer/job/${encodeURIComponent(jobNumber)}`;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const jobNumber = params.jobNumber ?? "";
  const mine = await orNotFound(
    () => apiFor(request, context, session).feedback.mine({ jobNumber }),
    "We could not find that job.",
  );
  if (!mine.canRate) throw redirect(jobPath(jobNumber));
  return { jobNumber };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireCustomer(request, context);
  const jobNumber = params.jobNumber ?? "";
  const api = apiFor(request, context, session);
  const result = await orNotFound(
    () => handleRatingPost(request, (value) => api.feedback.rate({ jobNumber, ...value })),
    "We could not find that job.",
  );
  if (result.data.ok) throw redirect(`${jobPath(jobNumber)}?rated=1#rating`);
  return result;
}

export default function RateJobPage() {
  const { jobNumber } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to="/customer/history">History</Link>
          </li>
          <li className="breadcrumb-item">
            <Link to={jobPath(jobNumber)}>{jobNumber}</Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            Rate
          </li>
        </ol>
      </nav>
      <h1 className="h3 mb-3">Rate job {jobNumber}</h1>
      <div className="card shadow-sm">
        <div className="card-body">
          {result && !result.ok && result.message ? (
            <div className="alert alert-warning" role="alert">
              {result.message} <Link to={jobPath(jobNumber)}>Back to the job</Link>
            </div>
          ) : (
            <RatingForm
              errors={result && !result.ok && result.errors ? result.errors : {}}
              {...(result && !result.ok && result.values ? { values: result.values } : {})}
            />
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
