import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { CustomerJobFiles } from "../components/customer-job-files.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { JobMessagesSection } from "../components/job-messages-section.tsx";
import { JobRatingCard } from "../components/job-rating-card.tsx";
import { JobTimeline } from "../components/job-timeline.tsx";
import { LiveUpdates } from "../components/live-updates.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { ProofBanner } from "../components/proof-banner.tsx";
import { ShopContactCard } from "../components/shop-contact-card.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { apiFor, orNotFound } from "../lib/api.server.ts";
import {
  describeDueChange,
  formatDateTime,
  formatDay,
  formatQuantity,
  relativeDay,
  useShopTime,
} from "../lib/format.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.job.title} (${data.job.jobNumber}) · Customer portal` : "Job not found" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const api = apiFor(request, context, session);
  const jobNumber = params.jobNumber ?? "";
  // Unknown, foreign, deleted or malformed numbers: the same 404.
  const page = await orNotFound(
    () => api.customer.jobPage({ jobNumber }),
    "We could not find that job.",
  );
  const url = new URL(request.url);
  return {
    ...page,
    uploaded: url.searchParams.has("uploaded"),
    justRated: url.searchParams.get("rated") === "1",
  };
}

export default function JobPage() {
  const { job, history, photos, shop, files, uploaded, timeline, messages, feedback, justRated } =
    useLoaderData<typeof loader>();
  const { timeZone, today } = useShopTime();
  // The newest revision of the date, when it is the date shown: "was 12 Nov, now 15 Nov".
  const moved = history.find((entry) => entry.kind === "due");
  const dateMoved =
    moved?.dueFrom && moved.dueTo === job.estimatedCompletion && job.status !== "completed"
      ? moved
      : null;
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to={job.status === "completed" ? "/customer/history" : "/customer/dashboard"}>
              {job.status === "completed" ? "History" : "Active jobs"}
            </Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            {job.jobNumber}
          </li>
        </ol>
      </nav>
      {timeline.waitingVersion !== null ? (
        <ProofBanner waiting={[{ ...job, version: timeline.waitingVersion }]} />
      ) : null}
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <h1 className="h3 m-0 me-auto">{job.title}</h1>
        <StatusBadge status={job.status} />
      </div>
      <div className="d-flex flex-wrap justify-content-between gap-2 mb-3">
        <p className="m-0 text-body-secondary font-monospace">{job.jobNumber}</p>
        <LiveUpdates jobNumber={job.jobNumber} />
      </div>

      <div className="row g-3">
        <div className="col-12 col-lg-8 d-flex flex-column gap-3">
          <section className="card shadow-sm" aria-labelledby="progress-heading">
            <div className="card-body">
              <h2 className="h5" id="progress-heading">
                Progress
              </h2>
              <ProgressBar value={job.progress} label={`Progress of ${job.title}`} />
              <p className="mt-3 mb-0">
                {job.status === "completed" && job.completedAt ? (
                  <>Completed on {formatDateTime(job.completedAt, timeZone)}.</>
                ) : job.estimatedCompletion ? (
                  <>
                    Estimated completion:{" "}
                    <strong>{relativeDay(job.estimatedCompletion, today)}</strong> (
                    <time dateTime={job.estimatedCompletion}>
                      {formatDay(job.estimatedCompletion)}
                    </time>
                    )
                    {dateMoved ? (
                      <span className="d-block mt-1">
                        The date moved: {describeDueChange(dateMoved.dueFrom, dateMoved.dueTo)}
                        {dateMoved.notes ? <>. Reason: {dateMoved.notes}</> : null}
                      </span>
                    ) : null}
                  </>
                ) : (
                  "The completion date is not scheduled yet."
                )}
              </p>
            </div>
          </section>

          {feedback ? (
            <JobRatingCard
              jobNumber={job.jobNumber}
              feedback={feedback}
              timeZone={timeZone}
              justRated={justRated}
            />
          ) : null}

          <section className="card shadow-sm" aria-labelledby="details-heading">
            <div className="card-body">
              <h2 className="h5" id="details-heading">
                Details
              </h2>
              {job.description ? <p>{job.description}</p> : null}
              <dl className="row mb-0">
                <dt className="col-sm-4">Quantity</dt>
                <dd className="col-sm-8">{formatQuantity(job.quantity)}</dd>
                {job.specifications.map((spec) => (
                  <Fragment key={spec.name}>
                    <dt className="col-sm-4">{spec.name}</dt>
                    <dd className="col-sm-8">{spec.value}</dd>
                  </Fragment>
                ))}
                {job.specialInstructions ? (
                  <>
                    <dt className="col-sm-4">Special instructions</dt>
                    <dd className="col-sm-8">{job.specialInstructions}</dd>
                  </>
                ) : null}
                {job.customerNotes ? (
                  <>
                    <dt className="col-sm-4">Notes</dt>
                    <dd className="col-sm-8 white-space-pre-line">{job.customerNotes}</dd>
                  </>
                ) : null}
                <dt className="col-sm-4">Ordered</dt>
                <dd className="col-sm-8">{formatDateTime(job.createdAt, timeZone)}</dd>
              </dl>
            </div>
          </section>

          <section className="card shadow-sm" aria-labelledby="timeline-heading">
            <div className="card-body">
              <h2 className="h5" id="timeline-heading">
                Timeline
              </h2>
              <JobTimeline
                events={timeline.events}
                timeZone={timeZone}
                proofLink={{
                  to: `/customer/job/${job.jobNumber}/proof`,
                  text: "See the proof, its files and pins",
                }}
                emptyText="No updates yet."
              />
            </div>
          </section>

          <JobMessagesSection
            messages={messages}
            jobPath={`/customer/job/${job.jobNumber}`}
            viewer="customer"
            files={files.filter((f) => f.uploadedByYou)}
          />

          {photos.length > 0 ? (
            <section className="card shadow-sm" aria-labelledby="photos-heading">
              <div className="card-body">
                <h2 className="h5" id="photos-heading">
                  Photos
                </h2>
                <ul className="photo-grid list-unstyled mb-0">
                  {photos.map((photo) => (
                    <li key={photo.id}>
                      <a href={`/customer/photo/${photo.id}/full`} target="_blank" rel="noreferrer">
                        <img
                          src={`/customer/photo/${photo.id}/thumb`}
                          alt={
                            photo.caption ||
                            `Work in progress photo, ${formatDateTime(photo.createdAt, timeZone)}`
                          }
                          width={400}
                          height={300}
                          loading="lazy"
                        />
                        <span className="visually-hidden"> (opens full size in a new tab)</span>
                      </a>
                      {photo.caption ? <p className="small mb-0 mt-1">{photo.caption}</p> : null}
                    </li>
                  ))}
                </ul>
              </div>
            </section>
          ) : null}
          <CustomerJobFiles
            jobNumber={job.jobNumber}
            files={files}
            uploaded={uploaded}
            timeZone={timeZone}
          />
        </div>
        <div className="col-12 col-lg-4">
          <ShopContactCard shop={shop} />
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
