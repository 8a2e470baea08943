import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { staffRequestFiles } from "@traveler/api/server";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { StaffLive } from "../components/live-updates.tsx";
import { QuoteAnswerForms } from "../components/quote-answer-forms.tsx";
import { QuoteRequestFiles } from "../components/quote-request-files.tsx";
import { QuoteStatusBadge, QuoteSummary } from "../components/quote-summary.tsx";
import { staffRequestForm } from "../forms/quote-forms.ts";
import { apiFor, contextFor, orNotFound } from "../lib/api.server.ts";
import { parseForm, readForm } from "../lib/form.server.ts";
import { refusal } from "../lib/refusal.server.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.quote.requestNumber} · Shop staff` : "Request not found" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const quote = await orNotFound(
    () =>
      apiFor(request, context, session).staff.quotes.get({
        requestNumber: params.requestNumber ?? "",
      }),
    "We could not find that quote request.",
  );
  const files = await staffRequestFiles(contextFor(request, context, session), quote.requestNumber);
  return { quote, files, formKey: randomUUID() };
}

/** Quote a price, decline with a reason, or turn the request into a job. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireStaff(request, context);
  const parsed = parseForm(await readForm(request), staffRequestForm);
  if (!parsed.ok) {
    const first = Object.values(parsed.errors)[0] ?? "Check the form.";
    return data({ error: first }, { status: 400 });
  }
  const api = apiFor(request, context, session).staff.quotes;
  const requestNumber = params.requestNumber ?? "";
  const { idempotencyKey } = parsed.value;
  try {
    const v = parsed.value;
    if (v.intent === "convert") {
      const { jobNumber } = await api.convert({ requestNumber, idempotencyKey });
      return redirect(`/admin/job/${jobNumber}`);
    }
    if (v.intent === "quote") {
      await api.quote({
        requestNumber,
        priceCents: v.price,
        validUntil: v.validUntil,
        note: v.note,
        idempotencyKey,
      });
    } else {
      await api.decline({ requestNumber, reason: v.reason, idempotencyKey });
    }
  } catch (error) {
    return refusal(error, "We could not find that quote request.");
  }
  return redirect(`/admin/requests/${requestNumber}`);
}

export default function RequestPage() {
  const { quote, files, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto" style={{ maxWidth: "48rem" }}>
      <nav aria-label="Breadcrumb" className="mb-2">
        <Link to="/admin/requests">← Quote requests</Link>
      </nav>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <h1 className="h3 m-0 me-auto">
          {quote.requestNumber}: {quote.what}
        </h1>
        <QuoteStatusBadge status={quote.status} />
      </div>
      <StaffLive tables={["quote_requests"]} />
      <p>
        From <Link to={`/admin/customer/${quote.customerId}`}>{quote.customerName}</Link>
        {quote.answeredBy ? <> · answered by {quote.answeredBy}</> : null}
      </p>
      {result?.error ? (
        <div className="alert alert-danger" role="alert">
          {result.error}
        </div>
      ) : null}
      <section className="card shadow-sm mb-3" aria-labelledby="request-heading">
        <div className="card-body">
          <h2 className="h5" id="request-heading">
            Request
          </h2>
          <QuoteSummary quote={quote} />
          <QuoteRequestFiles files={files} base={`/admin/requests/${quote.requestNumber}`} />
          {quote.acceptedIp || quote.acceptedUserAgent ? (
            <p className="small text-body-secondary mt-2 mb-0">
              Accepted from {quote.acceptedIp ?? "an unknown address"} (
              {quote.acceptedUserAgent ?? "unknown browser"}).
            </p>
          ) : null}
          {quote.jobNumber ? (
            <p className="mt-3 mb-0">
              Job <Link to={`/admin/job/${quote.jobNumber}`}>{quote.jobNumber}</Link> was made from
              this request.
            </p>
          ) : null}
        </div>
      </section>
      <QuoteAnswerForms status={quote.status} formKey={formKey} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
