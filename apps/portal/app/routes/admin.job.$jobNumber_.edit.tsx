import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { EditConflict } from "../components/edit-conflict.tsx";
import { FormErrorSummary } from "../components/form-error-summary.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { JobFields } from "../components/job-fields.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { jobDisplayOf, jobValuesOf, parseJobEdit, postedJobValues } from "../forms/job-form.ts";
import { apiFor, orNotFound } from "../lib/api.server.ts";
import { editConflictOf } from "../lib/edit-conflict.server.ts";
import { readForm } from "../lib/form.server.ts";
import { type FieldErrors, postedValues } from "../lib/form-errors.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit ${data.job.jobNumber} · Shop staff` : "Job not found" },
];

const NOT_FOUND = "We could not find that job.";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const api = apiFor(request, context, session);
  const [{ job }, owners] = await Promise.all([
    orNotFound(() => api.staff.jobs.get({ jobNumber: params.jobNumber ?? "" }), NOT_FOUND),
    api.staff.users.directory(),
  ]);
  return { job, owners: owners.items, formKey: randomUUID() };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireStaff(request, context);
  const jobNumber = params.jobNumber ?? "";
  const form = await readForm(request);
  const values = postedValues(form);
  const fail = (
    status: number,
    errors: FieldErrors,
    conflict: NonNullable<ReturnType<typeof editConflictOf>>["fields"] | null = null,
  ) => data({ errors, values, conflict }, { status });
  const parsed = parseJobEdit(form);
  if (!parsed.ok) return fail(400, parsed.errors);
  const done = redirect(`/admin/job/${encodeURIComponent(jobNumber)}?saved=1`);
  if (Object.keys(parsed.patch).length === 0) return done;
  try {
    await orNotFound(
      () =>
        apiFor(request, context, session).staff.jobs.update({
          jobNumber,
          version: parsed.version,
          base: parsed.base,
          patch: parsed.patch,
          ...(parsed.dueReason ? { dueReason: parsed.dueReason } : {}),
          ...(parsed.idempotencyKey ? { idempotencyKey: parsed.idempotencyKey } : {}),
        }),
      NOT_FOUND,
    );
    return done;
  } catch (error) {
    const conflict = editConflictOf(error);
    if (conflict) return fail(409, {}, conflict.fields);
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return fail(400, { form: error.message });
    }
    throw error;
  }
}

export default function EditJob() {
  const { job, owners, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  // After a refused save the form keeps what was typed; it starts from the job as it is now
  // (version and base), so saving again applies the typed values over a colleague's change.
  const values = result ? postedJobValues(result.values) : jobDisplayOf(job);
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to="/admin">Job board</Link>
          </li>
          <li className="breadcrumb-item">
            <Link to={`/admin/job/${job.jobNumber}`}>{job.jobNumber}</Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            Edit
          </li>
        </ol>
      </nav>
      <h1 className="h3 mb-1">Edit {job.title}</h1>
      <p className="text-body-secondary">
        {job.jobNumber} for <Link to={`/admin/customer/${job.customerId}`}>{job.customerName}</Link>
      </p>
      <div className="row">
        <div className="col-12 col-lg-8">
          {result?.conflict ? <EditConflict fields={result.conflict} what="job" /> : null}
          <FormErrorSummary errors={errors} />
          <Form method="post" noValidate className="card shadow-sm" aria-label="Edit job">
            <div className="card-body">
              <input type="hidden" name="idempotencyKey" value={formKey} />
              <input type="hidden" name="version" value={job.version} />
              <input type="hidden" name="base" value={JSON.stringify(jobValuesOf(job))} />
              <JobFields values={values} errors={errors} owners={owners} askDueReason />
              <div className="d-flex flex-wrap gap-2">
                <SubmitButton pendingText="Saving…" className="btn btn-primary touch-target">
                  Save job details
                </SubmitButton>
                <Link
                  to={`/admin/job/${job.jobNumber}`}
                  className="btn btn-outline-secondary touch-target"
                >
                  Cancel
                </Link>
              </div>
            </div>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
