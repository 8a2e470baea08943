import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { FieldError } from "../components/field.tsx";
import { FormErrorSummary } from "../components/form-error-summary.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { JobFields } from "../components/job-fields.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { parseJobCreate, postedJobValues } from "../forms/job-form.ts";
import { apiFor } from "../lib/api.server.ts";
import { customerChoiceLabel } from "../lib/customer-label.ts";
import { readForm } from "../lib/form.server.ts";
import { type FieldErrors, postedValues } from "../lib/form-errors.ts";
import { useNonce } from "../lib/nonce.tsx";
import { ModuleScript } from "../lib/page-assets.tsx";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "New job · Shop staff" }];

const MATCHES = 20;
type Api = ReturnType<typeof apiFor>;

function idOf(value: FormDataEntryValue | string | null | undefined): number | null {
  const id = Number(value);
  return typeof value === "string" && Number.isSafeInteger(id) && id >= 1 ? id : null;
}

/** The chosen customer as the picker shows it, or null when there is none (or it is gone). */
async function chosenCustomer(api: Api, id: number | null) {
  if (id === null) return null;
  try {
    const { customer } = await api.staff.customers.get({ customerId: id });
    if (customer.deletedAt) return null;
    return { id: customer.id, label: customerChoiceLabel(customer) };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const api = apiFor(request, context, session);
  const params = new URL(request.url).searchParams;
  // The picker's "Find" submits the whole form with GET: what was typed comes back filled in.
  const typed: Record<string, string> = {};
  for (const [key, value] of params.entries()) {
    if (!["customer", "customerQ", "idempotencyKey"].includes(key) && value.length <= 20_000) {
      typed[key] = value;
    }
  }
  const wanted = idOf(params.get("customerId") ?? params.get("customer"));
  const customerQ = (params.get("customerQ") ?? "").trim().slice(0, 200);
  const [chosen, matches, owners] = await Promise.all([
    chosenCustomer(api, wanted),
    customerQ ? api.staff.customers.list({ q: customerQ, limit: MATCHES }) : null,
    api.staff.users.directory(),
  ]);
  return {
    formKey: randomUUID(),
    owners: owners.items,
    typed,
    chosen,
    missing: wanted !== null && chosen === null,
    customerQ,
    matches: matches
      ? {
          total: matches.total,
          items: matches.items.map((c) => ({ id: c.id, label: customerChoiceLabel(c) })),
        }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireStaff(request, context);
  const api = apiFor(request, context, session);
  const form = await readForm(request);
  const values = postedValues(form);
  const chosen = await chosenCustomer(api, idOf(form.get("customerId")));
  const fail = (status: number, errors: FieldErrors) =>
    data({ errors, values, chosen }, { status });
  const parsed = parseJobCreate(form);
  if (!parsed.ok || !chosen) {
    const errors = parsed.ok ? {} : parsed.errors;
    if (!chosen) errors.customerId = "Choose a customer: search by name, company, email or phone.";
    return fail(400, errors);
  }
  try {
    const { job } = await api.staff.jobs.create(parsed.value);
    return redirect(`/admin/job/${job.jobNumber}?created=1`);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return fail(400, { form: error.message });
    }
    throw error;
  }
}

export default function NewJob() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nonce = useNonce();
  const errors: FieldErrors = result?.errors ?? {};
  const typed = result?.values ?? loaded.typed;
  const chosen = result ? result.chosen : loaded.chosen;
  const values = postedJobValues(typed);
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to="/admin">Job board</Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            New job
          </li>
        </ol>
      </nav>
      <h1 className="h3 mb-3">New job</h1>
      <div className="row">
        <div className="col-12 col-lg-8">
          <FormErrorSummary errors={errors} />
          <Form method="post" noValidate className="card shadow-sm" action="/admin/jobs/new">
            <div className="card-body">
              {/* Fresh per page render: a key carried over (a search's address) could stand
                  for a job created earlier and create nothing. */}
              <input type="hidden" name="idempotencyKey" value={loaded.formKey} />
              <fieldset className="mb-3" aria-describedby="customer-hint">
                <legend className="form-label fs-6 mb-1">Customer</legend>
                {chosen ? (
                  <div className="d-flex flex-wrap align-items-center gap-2 chosen-customer">
                    <input type="hidden" name="customerId" value={chosen.id} />
                    <p className="m-0 me-auto fw-semibold" data-testid="chosen-customer">
                      {chosen.label}
                    </p>
                    <Link to="/admin/jobs/new" className="btn btn-outline-secondary touch-target">
                      Change customer
                    </Link>
                    <p id="customer-hint" className="visually-hidden">
                      This job is for {chosen.label}.
                    </p>
                  </div>
                ) : (
                  <CustomerPicker
                    customerQ={loaded.customerQ}
                    matches={loaded.matches}
                    missing={loaded.missing}
                    error={errors.customerId}
                  />
                )}
              </fieldset>
              <JobFields values={values} errors={errors} owners={loaded.owners} />
              <SubmitButton pendingText="Creating…" className="btn btn-primary touch-target">
                Create job
              </SubmitButton>
            </div>
          </Form>
        </div>
      </div>
      {chosen ? null : <ModuleScript name="customer-picker" nonce={nonce} />}
    </>
  );
}

/**
 * Finds the customer among thousands without JavaScript: "Find" submits the form with GET and
 * the matches come back as radio buttons (typed fields kept). With JavaScript the module
 * customer-picker.ts lists matches while typing.
 */
function CustomerPicker({
  customerQ,
  matches,
  missing,
  error,
}: {
  customerQ: string;
  matches: { total: number; items: { id: number; label: string }[] } | null;
  missing: boolean;
  error: string | undefined;
}) {
  return (
    <div data-customer-picker>
      <p id="customer-hint" className="form-text mt-0">
        Search by name, company, email or phone, then choose the customer.
        {missing ? " The customer you came from no longer exists." : ""}
      </p>
      <label htmlFor="customerQ" className="visually-hidden">
        Find the customer
      </label>
      <div className="d-flex gap-2 mb-2">
        <input
          type="search"
          id="customerQ"
          name="customerQ"
          defaultValue={customerQ}
          className={`form-control ${error ? "is-invalid" : ""}`}
          placeholder="Name, company, email or phone"
          autoComplete="off"
          aria-describedby={error ? "customerId-error" : undefined}
          aria-controls="customer-matches"
        />
        <button type="submit" className="btn btn-secondary" formMethod="get" formNoValidate>
          Find
        </button>
      </div>
      <FieldError id="customerId" message={error} />
      <div id="customer-matches" data-customer-results>
        <p className="small text-body-secondary mb-1" role="status" data-customer-count>
          {matches
            ? matches.total === 0
              ? `No customers match “${customerQ}”.`
              : matches.total > matches.items.length
                ? `${matches.total.toLocaleString("en-US")} customers match; the first ${matches.items.length} are shown. Type more to narrow the list.`
                : `${matches.total} customer${matches.total === 1 ? "" : "s"} match.`
            : ""}
        </p>
        <div className="customer-options" data-customer-options>
          {matches?.items.map((c) => (
            <div className="form-check customer-option" key={c.id}>
              <input
                className="form-check-input"
                type="radio"
                name="customerId"
                id={`customer-${c.id}`}
                value={c.id}
                defaultChecked={matches.items.length === 1}
              />
              <label className="form-check-label" htmlFor={`customer-${c.id}`}>
                {c.label}
              </label>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
