import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { FILE_ACCEPT, FILE_TYPES_HELP, QUOTE_REQUEST_MAX_FILES } from "@traveler/api/schemas";
import { TRPCError } from "@trpc/server";
import { FieldError, fieldProps } from "../components/field.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { quoteRequestForm } from "../forms/quote-forms.ts";
import { apiFor } from "../lib/api.server.ts";
import { type FormErrors, parseForm, readForm } from "../lib/form.server.ts";
import { createQuoteRequestFromUpload } from "../lib/quote-request-upload.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Request a quote · Customer portal" }];

type Field = "what" | "quantity" | "neededBy" | "notes" | "files";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCustomer(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireCustomer(request, context);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    // The page's form (with files): streamed, nothing stored when refused.
    const outcome = await createQuoteRequestFromUpload(request, context, session);
    if (outcome.ok) return redirect(`/customer/quotes/${outcome.requestNumber}?sent=1`);
    return data({ errors: outcome.errors, values: outcome.values }, { status: outcome.status });
  }
  const form = await readForm(request);
  const parsed = parseForm(form, quoteRequestForm);
  const values = Object.fromEntries(
    ["what", "quantity", "neededBy", "notes"].map((k) => [k, String(form.get(k) ?? "")]),
  );
  if (!parsed.ok)
    return data({ errors: parsed.errors as FormErrors<Field>, values }, { status: 400 });
  try {
    const created = await apiFor(request, context, session).customer.quotes.create(parsed.value);
    return redirect(`/customer/quotes/${created.requestNumber}?sent=1`);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data(
        { errors: { neededBy: error.message } as FormErrors<Field>, values },
        { status: 400 },
      );
    }
    throw error;
  }
}

export default function NewQuotePage() {
  const result = useActionData<typeof action>();
  const errors: FormErrors<Field> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  return (
    <div className="mx-auto" style={{ maxWidth: "40rem" }}>
      <nav aria-label="Breadcrumb" className="mb-2">
        <Link to="/customer/quotes">← Quote requests</Link>
      </nav>
      <h1 className="h3 mb-3">Request a quote</h1>
      <Form method="post" encType="multipart/form-data" className="card shadow-sm" noValidate>
        <div className="card-body">
          <div className="mb-3">
            <label htmlFor="what" className="form-label fw-semibold">
              What do you need?
            </label>
            <input
              id="what"
              name="what"
              className={`form-control${errors.what ? " is-invalid" : ""}`}
              maxLength={200}
              required
              defaultValue={values.what}
              {...fieldProps("what", errors.what)}
            />
            <FieldError id="what" message={errors.what} />
          </div>
          <div className="mb-3">
            <label htmlFor="quantity" className="form-label fw-semibold">
              Quantity
            </label>
            <input
              id="quantity"
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              className={`form-control${errors.quantity ? " is-invalid" : ""}`}
              required
              defaultValue={values.quantity ?? "1"}
              {...fieldProps("quantity", errors.quantity)}
            />
            <FieldError id="quantity" message={errors.quantity} />
          </div>
          <div className="mb-3">
            <label htmlFor="neededBy" className="form-label fw-semibold">
              Needed by <span className="fw-normal text-body-secondary">(optional)</span>
            </label>
            <input
              id="neededBy"
              name="neededBy"
              type="date"
              className={`form-control${errors.neededBy ? " is-invalid" : ""}`}
              defaultValue={values.neededBy}
              {...fieldProps("neededBy", errors.neededBy)}
            />
            <FieldError id="neededBy" message={errors.neededBy} />
          </div>
          <div className="mb-3">
            <label htmlFor="notes" className="form-label fw-semibold">
              Notes{" "}
              <span className="fw-normal text-body-secondary">(sizes, materials, colours)</span>
            </label>
            <textarea
              id="notes"
              name="notes"
              rows={4}
              maxLength={5000}
              className={`form-control${errors.notes ? " is-invalid" : ""}`}
              defaultValue={values.notes}
              {...fieldProps("notes", errors.notes)}
            />
            <FieldError id="notes" message={errors.notes} />
          </div>
          <div className="mb-3">
            <label htmlFor="files" className="form-label fw-semibold">
              Files{" "}
              <span className="fw-normal text-body-secondary">
                (optional: drawings, photos, artwork; up to {QUOTE_REQUEST_MAX_FILES})
              </span>
            </label>
            <input
              id="files"
              name="files"
              type="file"
              multiple
              accept={FILE_ACCEPT}
              className={`form-control${errors.files ? " is-invalid" : ""}`}
              {...fieldProps("files", errors.files)}
              aria-describedby={errors.files ? "files-error files-help" : "files-help"}
            />
            <p id="files-help" className="form-text mb-0">
              {FILE_TYPES_HELP}
            </p>
            <FieldError id="files" message={errors.files} />
          </div>
          <SubmitButton pendingText="Sending…">Send request</SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
