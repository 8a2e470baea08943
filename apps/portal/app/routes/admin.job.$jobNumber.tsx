import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { AdminProofs, ProofOverrideField } from "../components/admin-proofs.tsx";
import { FieldError, fieldProps } from "../components/field.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { JobMessagesSection } from "../components/job-messages-section.tsx";
import { JobPhotos } from "../components/job-photos.tsx";
import { JobTimeline } from "../components/job-timeline.tsx";
import { StaffLive } from "../components/live-updates.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { fileNotice, StaffJobFiles } from "../components/staff-job-files.tsx";
import { StaffJobRating } from "../components/staff-job-rating.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { parseStatusUpdate, type StatusUpdateErrors } from "../forms/status-update-schema.ts";
import { isProofIntent, proofSendAction } from "../lib/admin-proofs.server.ts";
import { apiFor, orNotFound } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";
import { formatDay, formatQuantity, useShopTime } from "../lib/format.ts";
import { isPhotoIntent, photoAction, uploadTooLarge } from "../lib/job-photos.server.ts";
import { JOB_STATUS_LABEL, JOB_STATUS_ORDER } from "../lib/job-status.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.job.jobNumber} · Shop staff` : "Job not found" },
];

async function loadJob(
  request: Request,
  context: LoaderFunctionArgs["context"],
  jobNumber: string,
) {
  const session = await requireStaff(request, context);
  const result = await orNotFound(
    () => apiFor(request, context, session).staff.jobs.get({ jobNumber }),
    "We could not find that job.",
  );
  return { session, result };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { session, result } = await loadJob(request, context, params.jobNumber ?? "");
  const api = apiFor(request, context, session);
  const [thread, { files }, proof, timeline, { rating }] = await Promise.all([
    api.staff.messages.thread({ jobNumber: result.job.jobNumber }),
    api.staff.jobs.files.list({ jobNumber: result.job.jobNumber }),
    api.staff.jobs.proofs.list({ jobNumber: result.job.jobNumber }),
    api.staff.jobs.proofs.timeline({ jobNumber: result.job.jobNumber }),
    api.feedback.forJob({ jobNumber: result.job.jobNumber }),
  ]);
  // Opening the job reads its conversation: the customer's messages leave the unread count.
  if (thread.messages.some((m) => m.author === "customer" && m.readAt === null)) {
    await api.staff.messages.markRead({ jobNumber: result.job.jobNumber });
  }
  // A fresh key per form render: a double submit of the same form writes once.
  return {
    ...result,
    messages: thread.messages,
    proof,
    timeline,
    rating,
    formKey: randomUUID(),
    messageKey: randomUUID(),
    files,
    fileNotice: fileNotice(request.url),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireStaff(request, context);
  // A photo beyond the limit is refused before its bytes are read.
  const tooLarge = uploadTooLarge(request);
  if (tooLarge) return tooLarge;
  const form = await readForm(request);
  if (isPhotoIntent(form)) {
    return photoAction(apiFor(request, context, session), params.jobNumber ?? "", form);
  }
  if (isProofIntent(form)) {
    return proofSendAction(apiFor(request, context, session), params.jobNumber ?? "", form);
  }
  const parsed = parseStatusUpdate(form);
  if (!parsed.ok)
    return data({ errors: parsed.errors, saved: false, formError: null }, { status: 400 });
  try {
    await apiFor(request, context, session).staff.jobs.setStatus({
      jobNumber: params.jobNumber ?? "",
      status: parsed.value.status,
      note: parsed.value.note,
      visibleToCustomer: parsed.value.visibleToCustomer === "on",
      progress: parsed.value.progress,
      overrideProof: parsed.value.overrideProof === "on",
      idempotencyKey: parsed.value.idempotencyKey,
    });
    return { errors: {} as StatusUpdateErrors, saved: true, formError: null };
  } catch (error) {
    if (
      error instanceof TRPCError &&
      ["BAD_REQUEST", "CONFLICT", "PRECONDITION_FAILED"].includes(error.code)
    ) {
      return data(
        { errors: {} as StatusUpdateErrors, saved: false, formError: error.message },
        { status: 400 },
      );
    }
    throw error;
  }
}

export default function AdminJobPage() {
  const { timeZone } = useShopTime();
  const { job, timeline, photos, proof, formKey, messages, messageKey, files, fileNotice, rating } =
    useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const photoResult = posted && "photo" in posted ? posted.photo : null;
  const proofResult = posted && "proofSend" in posted ? posted.proofSend : null;
  const result = posted && !("photo" in posted) && !("proofSend" in posted) ? posted : null;
  const errors: StatusUpdateErrors = result?.errors ?? {};
  const [searchParams] = useSearchParams();
  const created = searchParams.get("created") === "1" && !posted;
  const saved = searchParams.get("saved") === "1" && !posted;
  return (
    <>
      {/* The live status shares the breadcrumb's line: on a phone the status form stays in view. */}
      <div className="d-flex flex-wrap align-items-baseline column-gap-3">
        <nav aria-label="Breadcrumb" className="me-auto">
          <ol className="breadcrumb">
            <li className="breadcrumb-item">
              <Link to="/admin">Job board</Link>
            </li>
            <li className="breadcrumb-item active" aria-current="page">
              {job.jobNumber}
            </li>
          </ol>
        </nav>
        <StaffLive jobNumber={job.jobNumber} />
      </div>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 className="h3 m-0 me-auto">{job.title}</h1>
        {job.rush ? <span className="badge text-bg-danger">Rush</span> : null}
        <StatusBadge status={job.status} />
        <Link to={`/admin/job/${job.jobNumber}/print`} className="btn btn-outline-secondary">
          Print traveler
        </Link>
      </div>
      {created ? (
        <div className="alert alert-success" role="status">
          Job {job.jobNumber} created.
        </div>
      ) : saved ? (
        <div className="alert alert-success" role="status">
          Job details saved.
        </div>
      ) : null}
      <StaffJobRating rating={rating} />
      <div className="row g-3">
        <div className="col-12 col-lg-5">
          <section className="card shadow-sm" aria-labelledby="update-heading">
            <div className="card-body">
              <h2 className="h5" id="update-heading">
                Update status
              </h2>
              {result?.saved ? (
                <div className="alert alert-success" role="status">
                  Saved. {job.status === "completed" ? "The job is completed." : ""}
                </div>
              ) : null}
              {result?.formError ? (
                <div className="alert alert-danger" role="alert">
                  {result.formError}
                </div>
              ) : null}
              <Form method="post" noValidate key={formKey}>
                <input type="hidden" name="idempotencyKey" value={formKey} />
                <div className="mb-3">
                  <label htmlFor="status" className="form-label">
                    Status
                  </label>
                  <select
                    id="status"
                    name="status"
                    className={`form-select ${errors.status ? "is-invalid" : ""}`}
                    defaultValue={job.status}
                    {...fieldProps("status", errors.status)}
                  >
                    {JOB_STATUS_ORDER.map((s) => (
                      <option key={s} value={s}>
                        {JOB_STATUS_LABEL[s]}
                      </option>
                    ))}
                  </select>
                  <FieldError id="status" message={errors.status} />
                </div>
                <div className="mb-3">
                  <label htmlFor="progress" className="form-label">
                    Progress (%)
                  </label>
                  <input
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={100}
                    step={1}
                    id="progress"
                    name="progress"
                    className={`form-control ${errors.progress ? "is-invalid" : ""}`}
                    defaultValue={job.progress}
                    {...fieldProps("progress", errors.progress)}
                  />
                  <FieldError id="progress" message={errors.progress} />
                </div>
                <div className="mb-3">
                  <label htmlFor="note" className="form-label">
                    Note
                  </label>
                  <textarea
                    id="note"
                    name="note"
                    rows={3}
                    className={`form-control ${errors.note ? "is-invalid" : ""}`}
                    {...fieldProps("note", errors.note)}
                  />
                  <FieldError id="note" message={errors.note} />
                </div>
                <ProofOverrideField proofs={proof.proofs} />
                <div className="form-check mb-3">
                  <input
                    className="form-check-input"
                    type="checkbox"
                    id="visibleToCustomer"
                    name="visibleToCustomer"
                    defaultChecked
                  />
                  <label className="form-check-label" htmlFor="visibleToCustomer">
                    Show this update to the customer
                  </label>
                </div>
                <SubmitButton pendingText="Saving…" className="btn btn-primary w-100 touch-target">
                  Save update
                </SubmitButton>
              </Form>
            </div>
          </section>
        </div>
        <div className="col-12 col-lg-7 d-flex flex-column gap-3">
          <section className="card shadow-sm" aria-labelledby="job-heading">
            <div className="card-body">
              <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
                <h2 className="h5 m-0 me-auto" id="job-heading">
                  Job
                </h2>
                <Link
                  to={`/admin/job/${job.jobNumber}/edit`}
                  className="btn btn-outline-primary touch-target"
                >
                  Edit job details
                </Link>
              </div>
              <ProgressBar value={job.progress} label={`Progress of ${job.title}`} />
              <dl className="row mt-3 mb-0">
                <dt className="col-sm-4">Customer</dt>
                <dd className="col-sm-8">
                  <Link to={`/admin/customer/${job.customerId}`}>{job.customerName}</Link>
                </dd>
                <dt className="col-sm-4">Due</dt>
                <dd className="col-sm-8">
                  {job.estimatedCompletion ? formatDay(job.estimatedCompletion) : "Not scheduled"}
                </dd>
                <dt className="col-sm-4">Quantity</dt>
                <dd className="col-sm-8">{formatQuantity(job.quantity)}</dd>
                <dt className="col-sm-4">Owner</dt>
                <dd className="col-sm-8">{job.ownerName ?? "Nobody yet"}</dd>
                {job.description ? (
                  <>
                    <dt className="col-sm-4">Description</dt>
                    <dd className="col-sm-8 white-space-pre-line">{job.description}</dd>
                  </>
                ) : null}
                {job.specialInstructions ? (
                  <>
                    <dt className="col-sm-4">Special instructions</dt>
                    <dd className="col-sm-8 white-space-pre-line">{job.specialInstructions}</dd>
                  </>
                ) : null}
                {job.customerNotes ? (
                  <>
                    <dt className="col-sm-4">Notes for the customer</dt>
                    <dd className="col-sm-8 white-space-pre-line">{job.customerNotes}</dd>
                  </>
                ) : null}
                {job.shopNotes ? (
                  <>
                    <dt className="col-sm-4">Shop notes (internal)</dt>
                    <dd className="col-sm-8 white-space-pre-line">{job.shopNotes}</dd>
                  </>
                ) : null}
              </dl>
              <h3 className="h6 mt-3">Specifications</h3>
              {job.specifications.length === 0 ? (
                <p className="mb-0 text-body-secondary">None.</p>
              ) : (
                <table className="table table-sm mb-0 spec-table">
                  <caption className="visually-hidden">Specifications of {job.title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {job.specifications.map((spec) => (
                      <tr key={`${spec.name}-${spec.value}`}>
                        <th scope="row" className="fw-normal">
                          {spec.name}
                        </th>
                        <td>{spec.value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </section>
          <AdminProofs
            jobNumber={job.jobNumber}
            proofs={proof.proofs}
            files={files}
            result={proofResult}
            formKey={formKey}
            timeZone={timeZone}
          />
          <JobPhotos photos={photos} result={photoResult} formKey={formKey} timeZone={timeZone} />
          <StaffJobFiles
            jobNumber={job.jobNumber}
            files={files}
            notice={fileNotice}
            timeZone={timeZone}
          />
          <JobMessagesSection
            messages={messages}
            jobPath={`/admin/job/${job.jobNumber}`}
            viewer="staff"
            idempotencyKey={messageKey}
            files={files}
          />
          <section className="card shadow-sm" aria-labelledby="timeline-heading">
            <div className="card-body">
              <h2 className="h5" id="timeline-heading">
                Timeline
              </h2>
              <JobTimeline
                events={timeline.events}
                timeZone={timeZone}
                proofLink={{ to: "#proof-heading", text: "Go to the proof, its files and pins" }}
                emptyText="No status changes yet."
              />
            </div>
          </section>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
