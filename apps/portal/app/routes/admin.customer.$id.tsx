import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { CustomerFields } from "../components/customer-fields.tsx";
import { EditConflict } from "../components/edit-conflict.tsx";
import { FormErrorSummary } from "../components/form-error-summary.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { customerValuesOf, parseCustomerEdit } from "../forms/customer-form.ts";
import { apiFor, orNotFound } from "../lib/api.server.ts";
import { editConflictOf } from "../lib/edit-conflict.server.ts";
import { readForm } from "../lib/form.server.ts";
import { type FieldErrors, postedValues } from "../lib/form-errors.ts";
import { formatDateTime, useShopTime } from "../lib/format.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.customer.name} · Shop staff` : "Customer not found" },
];

const EMAIL_STATUS_LABEL = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  dead: "Not delivered",
  cancelled: "Cancelled",
} as const;

function customerId(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw data({ message: "We could not find that customer." }, { status: 404 });
  }
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const api = apiFor(request, context, session);
  return orNotFound(async () => {
    const id = customerId(params.id);
    const result = await api.staff.customers.get({ customerId: id });
    const emails = await api.email.forCustomer({ customerId: id, limit: 20 });
    return { ...result, emails: emails.items, formKey: randomUUID() };
  }, "We could not find that customer.");
}

/** Saves the details form: only the fields changed, merged per field with others' changes. */
async function saveEdit(
  request: Request,
  context: ActionFunctionArgs["context"],
  session: Awaited<ReturnType<typeof requireStaff>>,
  id: number,
  form: FormData,
) {
  const values = postedValues(form);
  const parsed = parseCustomerEdit(form);
  const fail = (status: number, errors: FieldErrors, conflict: ShownConflicts = null) =>
    data({ kind: "edit" as const, saved: false, errors, values, conflict }, { status });
  if (!parsed.ok) return fail(400, parsed.errors);
  if (Object.keys(parsed.patch).length === 0) {
    return { kind: "edit" as const, saved: true, errors: {}, values, conflict: null };
  }
  try {
    await apiFor(request, context, session).staff.customers.update({
      customerId: id,
      version: parsed.version,
      base: parsed.base,
      patch: parsed.patch,
      ...(parsed.idempotencyKey ? { idempotencyKey: parsed.idempotencyKey } : {}),
    });
    return { kind: "edit" as const, saved: true, errors: {}, values, conflict: null };
  } catch (error) {
    const conflict = editConflictOf(error);
    if (conflict) return fail(409, {}, conflict.fields);
    if (error instanceof TRPCError && error.code === "CONFLICT") {
      return fail(409, { email: error.message });
    }
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return fail(400, { form: error.message });
    }
    throw error;
  }
}

type ShownConflicts = NonNullable<ReturnType<typeof editConflictOf>>["fields"] | null;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireStaff(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "edit") {
    return orNotFound(
      () => saveEdit(request, context, session, customerId(params.id), form),
      "We could not find that customer.",
    );
  }
  const key = String(form.get("idempotencyKey") ?? "");
  if (form.get("intent") === "portal") {
    // Portal access on or off (off also ends the customer's sessions and voids an invite).
    const enabled = form.get("enabled") === "true";
    await orNotFound(
      () =>
        apiFor(request, context, session).staff.customers.setPortalEnabled({
          customerId: customerId(params.id),
          enabled,
          ...(key.length >= 8 && key.length <= 200 ? { idempotencyKey: key } : {}),
        }),
      "We could not find that customer.",
    );
    return {
      kind: "invite" as const,
      ok: true as const,
      message: enabled
        ? "Portal access is on. Send an invite so the customer can set a password."
        : "Portal access is off. The customer is signed out and cannot sign in.",
    };
  }
  try {
    const result = await apiFor(request, context, session).staff.customers.invite({
      customerId: customerId(params.id),
      ...(key.length >= 8 && key.length <= 200 ? { idempotencyKey: key } : {}),
    });
    return {
      kind: "invite" as const,
      ok: true as const,
      message: `Invitation sent. The link works until ${formatDateTime(result.expiresAt, (await apiFor(request, context).auth.shop()).timeZone)}.`,
    };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data(
        { kind: "invite" as const, ok: false as const, message: error.message },
        { status: 400 },
      );
    }
    throw error;
  }
}

export default function AdminCustomerPage() {
  const { timeZone } = useShopTime();
  const { customer, jobs, emails, formKey } = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  const result = actionResult?.kind === "invite" ? actionResult : null;
  const edit = actionResult?.kind === "edit" ? actionResult : null;
  const [searchParams] = useSearchParams();
  const editErrors: FieldErrors = edit?.errors ?? {};
  // After a refused edit the form shows what was typed; otherwise the customer as saved.
  const editValues: Record<string, string | null> =
    edit && !edit.saved ? edit.values : customerValuesOf(customer);
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to="/admin/customers">Customers</Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            {customer.name}
          </li>
        </ol>
      </nav>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <h1 className="h3 m-0 me-auto">{customer.name}</h1>
        <Link
          to={`/admin/jobs/new?customer=${customer.id}`}
          className="btn btn-primary touch-target"
        >
          New job for this customer
        </Link>
      </div>
      {customer.company ? <p className="text-body-secondary">{customer.company}</p> : null}
      {searchParams.get("created") === "1" && !actionResult ? (
        <div className="alert alert-success" role="status">
          Customer created.
        </div>
      ) : null}
      <div className="row g-3">
        <div className="col-12 col-lg-5">
          <section className="card shadow-sm" aria-labelledby="portal-heading">
            <div className="card-body">
              <h2 className="h5" id="portal-heading">
                Contact and portal access
              </h2>
              <dl className="row mb-3">
                <dt className="col-5">Email</dt>
                <dd className="col-7 text-break">{customer.email}</dd>
                {customer.phone ? (
                  <>
                    <dt className="col-5">Phone</dt>
                    <dd className="col-7">
                      <a href={`tel:${customer.phone.replace(/[^\d+]/g, "")}`}>{customer.phone}</a>
                    </dd>
                  </>
                ) : null}
                {customer.address ? (
                  <>
                    <dt className="col-5">Address</dt>
                    <dd className="col-7 white-space-pre-line" data-testid="customer-address">
                      {customer.address}
                    </dd>
                  </>
                ) : null}
                <dt className="col-5">Portal</dt>
                <dd className="col-7">
                  {!customer.portalEnabled
                    ? "Turned off"
                    : customer.hasPassword
                      ? "Active"
                      : customer.invitePending
                        ? "Invited, not yet accepted"
                        : "Not invited"}
                </dd>
                <dt className="col-5">Last sign-in</dt>
                <dd className="col-7">
                  {customer.lastLoginAt ? formatDateTime(customer.lastLoginAt, timeZone) : "Never"}
                </dd>
              </dl>
              {result ? (
                <div
                  className={`alert ${result.ok ? "alert-success" : "alert-danger"}`}
                  role={result.ok ? "status" : "alert"}
                >
                  {result.message}
                </div>
              ) : null}
              {customer.portalEnabled ? (
                <Form method="post" key={formKey}>
                  <input type="hidden" name="idempotencyKey" value={formKey} />
                  <SubmitButton pendingText="Sending…" className="btn btn-primary w-100">
                    {customer.hasPassword ? "Send a new portal invite" : "Send portal invite"}
                  </SubmitButton>
                </Form>
              ) : null}
              <Form method="post" className="mt-2">
                <input type="hidden" name="intent" value="portal" />
                <input type="hidden" name="enabled" value={String(!customer.portalEnabled)} />
                <button
                  type="submit"
                  className={`btn w-100 touch-target ${customer.portalEnabled ? "btn-outline-danger" : "btn-primary"}`}
                >
                  {customer.portalEnabled ? "Turn off portal access" : "Turn on portal access"}
                </button>
              </Form>
            </div>
          </section>
        </div>
        <div className="col-12 col-lg-7 d-flex flex-column gap-3">
          <section className="card shadow-sm" aria-labelledby="details-heading">
            <div className="card-body">
              <h2 className="h5" id="details-heading">
                Details
              </h2>
              {edit?.saved ? (
                <div className="alert alert-success" role="status">
                  Saved.
                </div>
              ) : null}
              {edit?.conflict ? <EditConflict fields={edit.conflict} what="customer" /> : null}
              <FormErrorSummary errors={editErrors} />
              <Form method="post" noValidate aria-label="Edit customer" key={customer.version}>
                <input type="hidden" name="intent" value="edit" />
                <input type="hidden" name="idempotencyKey" value={formKey} />
                <input type="hidden" name="version" value={customer.version} />
                <input
                  type="hidden"
                  name="base"
                  value={JSON.stringify(customerValuesOf(customer))}
                />
                <CustomerFields values={editValues} errors={editErrors} idPrefix="edit-" />
                <SubmitButton
                  pendingText="Saving…"
                  className="btn btn-primary touch-target"
                  name="intent"
                  value="edit"
                >
                  Save details
                </SubmitButton>
              </Form>
            </div>
          </section>
          <section className="card shadow-sm" aria-labelledby="jobs-heading">
            <div className="card-body">
              <h2 className="h5" id="jobs-heading">
                Jobs
              </h2>
              {jobs.length === 0 ? (
                <p className="mb-0">No jobs.</p>
              ) : (
                <ul className="list-group list-group-flush">
                  {jobs.map((job) => (
                    <li
                      key={job.jobNumber}
                      className="list-group-item px-0 d-flex flex-wrap gap-2 align-items-center"
                    >
                      <Link to={`/admin/job/${job.jobNumber}`} className="me-auto">
                        {job.title}{" "}
                        <span className="small font-monospace text-body-secondary">
                          ({job.jobNumber})
                        </span>
                      </Link>
                      <StatusBadge status={job.status} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </section>
        </div>
        <div className="col-12">
          <section className="card shadow-sm" aria-labelledby="emails-heading">
            <div className="card-body">
              <h2 className="h5" id="emails-heading">
                Emails sent
              </h2>
              {emails.length === 0 ? (
                <p className="mb-0">No emails to this customer yet.</p>
              ) : (
                <ul className="list-group list-group-flush" data-testid="customer-emails">
                  {emails.map((email) => (
                    <li
                      key={email.id}
                      className="list-group-item px-0 d-flex flex-wrap gap-2 align-items-baseline"
                    >
                      <span className="me-auto">
                        {email.subject}{" "}
                        <span className="small text-body-secondary">({email.kind})</span>
                      </span>
                      <span className="badge text-bg-light border">
                        {EMAIL_STATUS_LABEL[email.status]}
                      </span>
                      <span className="small text-body-secondary">
                        {email.sentAt ? "Sent " : "Queued "}
                        <time dateTime={email.sentAt ?? email.createdAt}>
                          {formatDateTime(email.sentAt ?? email.createdAt, timeZone)}
                        </time>{" "}
                        UTC
                      </span>
                    </li>
                  ))}
                </ul>
              )}
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
