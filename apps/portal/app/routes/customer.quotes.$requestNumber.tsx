import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { customerRequestFiles } from "@traveler/api/server";
import { FieldError, fieldProps } from "../components/field.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { LiveUpdates } from "../components/live-updates.tsx";
import { QuoteRequestFiles } from "../components/quote-request-files.tsx";
import { QuoteStatusBadge, QuoteSummary } from "../components/quote-summary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { quoteAcceptForm } from "../forms/quote-forms.ts";
import { apiFor, contextFor, orNotFound } from "../lib/api.server.ts";
import { parseForm, readForm } from "../lib/form.server.ts";
import { formatDay, useShopPrice } from "../lib/format.ts";
import { refusal } from "../lib/refusal.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.what} (${data.requestNumber}) · Customer portal` : "Request not found" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const quote = await orNotFound(
    () =>
      apiFor(request, context, session).customer.quotes.get({
        requestNumber: params.requestNumber ?? "",
      }),
    "We could not find that quote request.",
  );
  const ctx = { ...contextFor(request, context, session), actor: session.actor };
  return { ...quote, files: await customerRequestFiles(ctx, quote.requestNumber) };
}

/** Accepting the quoted price: the typed name, recorded with time, IP and browser. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireCustomer(request, context);
  const parsed = parseForm(await readForm(request), quoteAcceptForm);
  if (!parsed.ok) return data({ error: parsed.errors.name ?? "Type your name." }, { status: 400 });
  const requestNumber = params.requestNumber ?? "";
  try {
    await apiFor(request, context, session).customer.quotes.accept({
      requestNumber,
      name: parsed.value.name,
    });
  } catch (error) {
    // Expired, or already answered (a race with the shop): said on the page.
    return refusal(error, "We could not find that quote request.");
  }
  return redirect(`/customer/quotes/${requestNumber}?accepted=1`);
}

export default function QuotePage() {
  const quote = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const price = useShopPrice();
  const error = result?.error;
  return (
    <div className="mx-auto" style={{ maxWidth: "44rem" }}>
      <nav aria-label="Breadcrumb" className="mb-2">
        <Link to="/customer/quotes">← Quote requests</Link>
      </nav>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <h1 className="h3 m-0 me-auto">{quote.what}</h1>
        <QuoteStatusBadge status={quote.status} />
      </div>
      <p className="text-body-secondary font-monospace">{quote.requestNumber}</p>
      <LiveUpdates />
      {params.get("sent") ? (
        <div className="alert alert-success" role="status">
          Thank you: your request is with the shop. You will see their answer here.
        </div>
      ) : null}
      {params.get("accepted") && quote.status === "accepted" ? (
        <div className="alert alert-success" role="status">
          You accepted the quote. The shop will start the job.
        </div>
      ) : null}
      <section className="card shadow-sm mb-3" aria-labelledby="request-heading">
        <div className="card-body">
          <h2 className="h5" id="request-heading">
            Your request and the answer
          </h2>
          <QuoteSummary quote={quote} />
          <QuoteRequestFiles files={quote.files} base={`/customer/quotes/${quote.requestNumber}`} />
          {quote.jobNumber ? (
            <p className="mt-3 mb-0">
              This request is now job{" "}
              <Link to={`/customer/job/${quote.jobNumber}`}>{quote.jobNumber}</Link>.
            </p>
          ) : null}
          {quote.status === "quoted" && !quote.acceptable ? (
            <p className="mt-3 mb-0">This quote has expired. Ask the shop for a new one.</p>
          ) : null}
        </div>
      </section>
      {quote.acceptable && quote.priceCents !== null && quote.validUntil ? (
        <Form method="post" className="card shadow-sm" noValidate>
          <div className="card-body">
            <h2 className="h5">Accept this quote</h2>
            <p>
              Accept the price of <strong>{price(quote.priceCents)}</strong>, valid until{" "}
              {formatDay(quote.validUntil)}. Type your full name to sign.
            </p>
            <label htmlFor="name" className="form-label fw-semibold">
              Your full name
            </label>
            <input
              id="name"
              name="name"
              autoComplete="name"
              className={`form-control${error ? " is-invalid" : ""}`}
              maxLength={200}
              required
              {...fieldProps("name", error)}
            />
            <FieldError id="name" message={error} />
            <SubmitButton pendingText="Accepting…" className="btn btn-primary mt-3">
              Accept the quote
            </SubmitButton>
          </div>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
