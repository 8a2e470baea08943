import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPrice } from "@traveler/api/schemas";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { LiveUpdates } from "../components/live-updates.tsx";
import { QuoteStatusBadge } from "../components/quote-summary.tsx";
import { apiFor } from "../lib/api.server.ts";
import { formatDateTime, formatQuantity, useShopTime } from "../lib/format.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Quote requests · Customer portal" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  return apiFor(request, context, session).customer.quotes.list();
}

export default function QuoteListPage() {
  const { items } = useLoaderData<typeof loader>();
  const { timeZone } = useShopTime();
  return (
    <>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 className="h3 m-0 me-auto">Quote requests</h1>
        <Link to="/customer/quotes/new" className="btn btn-primary touch-target">
          Request a quote
        </Link>
      </div>
      <LiveUpdates />
      {items.length === 0 ? (
        <p>You have not asked for a quote yet. Tell us what you need and we answer with a price.</p>
      ) : (
        <ul className="list-group">
          {items.map((q) => (
            <li key={q.requestNumber} className="list-group-item">
              <div className="d-flex flex-wrap gap-2 align-items-baseline">
                <Link to={`/customer/quotes/${q.requestNumber}`} className="fw-semibold me-auto">
                  {q.what}
                </Link>
                <QuoteStatusBadge status={q.status} />
              </div>
              <p className="small text-body-secondary mb-0">
                <span className="font-monospace">{q.requestNumber}</span> ·{" "}
                {formatQuantity(q.quantity)} · asked{" "}
                <time dateTime={q.createdAt}>{formatDateTime(q.createdAt, timeZone)}</time>
                {q.priceCents !== null ? <> · {formatPrice(q.priceCents)}</> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
