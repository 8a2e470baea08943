import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { apiFor, orNotFound } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";
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

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireStaff(request, context);
  const form = await readForm(request);
  const key = String(form.get("idempotencyKey") ?? "");
  try {
    const result = await apiFor(request, context, session).staff.customers.invite({
      customerId: customerId(params.id),
      ...(key.length >= 8 && key.length <= 200 ? { idempotencyKey: key } : {}),
    });
    return {
      ok: true as const,
      message: `Invitation sent. The link works until ${formatDateTime(result.expiresAt, (await apiFor(request, context).auth.shop()).timeZone)}.`,
    };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data({ ok: false as const, message: error.message }, { status: 400 });
    }
    throw error;
  }
}

export default function AdminCustomerPage() {
  const { timeZone } = useShopTime();
  const { customer, jobs, emails, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to="/admin">Job board</Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            {customer.name}
          </li>
        </ol>
      </nav>
      <h1 className="h3">{customer.name}</h1>
      {customer.company ? <p className="text-body-secondary">{customer.company}</p> : null}
      <div className="row g-3">
        <div className="col-12 col-lg-5">
          <section className="card shadow-sm" aria-labelledby="portal-heading">
            <div className="card-body">
              <h2 className="h5" id="portal-heading">
                Portal access
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
              <Form method="post" key={formKey}>
                <input type="hidden" name="idempotencyKey" value={formKey} />
                <SubmitButton pendingText="Sending…" className="btn btn-primary w-100">
                  {customer.hasPassword ? "Send a new portal invite" : "Send portal invite"}
                </SubmitButton>
              </Form>
            </div>
          </section>
        </div>
        <div className="col-12 col-lg-7">
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
