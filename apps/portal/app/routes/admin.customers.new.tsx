import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { CustomerFields } from "../components/customer-fields.tsx";
import { FieldError } from "../components/field.tsx";
import { FormErrorSummary } from "../components/form-error-summary.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { parseCustomerCreate } from "../forms/customer-form.ts";
import { apiFor } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";
import { type FieldErrors, postedValues } from "../lib/form-errors.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "New customer · Shop staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  return { formKey: randomUUID() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireStaff(request, context);
  const form = await readForm(request);
  const values = postedValues(form);
  const parsed = parseCustomerCreate(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  try {
    const { customer } = await apiFor(request, context, session).staff.customers.create(
      parsed.value,
    );
    return redirect(`/admin/customer/${customer.id}?created=1`);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "CONFLICT") {
      // The only conflict of a new customer: the email is someone else's.
      return data({ errors: { email: error.message } as FieldErrors, values }, { status: 409 });
    }
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data({ errors: { form: error.message } as FieldErrors, values }, { status: 400 });
    }
    throw error;
  }
}

export default function NewCustomer() {
  const { formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const posted = Boolean(result);
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to="/admin/customers">Customers</Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            New customer
          </li>
        </ol>
      </nav>
      <h1 className="h3 mb-3">New customer</h1>
      <div className="row">
        <div className="col-12 col-lg-7">
          <FormErrorSummary errors={errors} />
          <Form method="post" noValidate className="card shadow-sm">
            <div className="card-body">
              <input type="hidden" name="idempotencyKey" value={formKey} />
              <CustomerFields values={values} errors={errors} />
              <div className="form-check mb-2">
                <input
                  className="form-check-input"
                  type="checkbox"
                  id="portalEnabled"
                  name="portalEnabled"
                  defaultChecked={posted ? values.portalEnabled === "on" : true}
                />
                <label className="form-check-label" htmlFor="portalEnabled">
                  Portal access (the customer can sign in to see their jobs)
                </label>
              </div>
              <div className="form-check mb-3">
                <input
                  className={`form-check-input ${errors.sendInvite ? "is-invalid" : ""}`}
                  type="checkbox"
                  id="sendInvite"
                  name="sendInvite"
                  defaultChecked={posted ? values.sendInvite === "on" : false}
                  aria-describedby={errors.sendInvite ? "sendInvite-error" : undefined}
                />
                <label className="form-check-label" htmlFor="sendInvite">
                  Email an invitation to set a password
                </label>
                <FieldError id="sendInvite" message={errors.sendInvite} />
              </div>
              <SubmitButton pendingText="Creating…" className="btn btn-primary touch-target">
                Create customer
              </SubmitButton>
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
