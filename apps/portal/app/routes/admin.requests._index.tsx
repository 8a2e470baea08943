import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPrice } from "@traveler/api/schemas";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { StaffLive } from "../components/live-updates.tsx";
import { QuoteStatusBadge } from "../components/quote-summary.tsx";
import { apiFor } from "../lib/api.server.ts";
import { formatDateTime, formatQuantity, useShopTime } from "../lib/format.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Quote requests · Shop staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  return apiFor(request, context, session).staff.quotes.list();
}

/** The Requests inbox: new requests and accepted quotes first (oldest first), then the rest. */
export default function RequestsPage() {
  const { items } = useLoaderData<typeof loader>();
  const { timeZone } = useShopTime();
  return (
    <>
      <div className="d-flex flex-wrap align-items-baseline justify-content-between gap-2 mb-3">
        <h1 className="h3 m-0">Quote requests</h1>
        <StaffLive tables={["quote_requests", "customers"]} />
      </div>
      {items.length === 0 ? (
        <p>No quote requests yet.</p>
      ) : (
        <ul className="list-group">
          {items.map((q) => (
            <li key={q.requestNumber} className="list-group-item">
              <div className="d-flex flex-wrap gap-2 align-items-baseline">
                <Link to={`/admin/requests/${q.requestNumber}`} className="fw-semibold me-auto">
                  {q.customerName} · {q.what}
                </Link>
                <QuoteStatusBadge status={q.status} />
              </div>
              <p className="small text-body-secondary mb-0">
                <span className="font-monospace">{q.requestNumber}</span> ·{" "}
                {formatQuantity(q.quantity)} · asked{" "}
                <time dateTime={q.createdAt}>{formatDateTime(q.createdAt, timeZone)}</time>
                {q.priceCents !== null ? <> · {formatPrice(q.priceCents)}</> : null}
                {q.jobNumber ? <> · job {q.jobNumber}</> : null}
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
