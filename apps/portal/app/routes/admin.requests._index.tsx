import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { StaffLive } from "../components/live-updates.tsx";
import { QuoteRequestList } from "../components/quote-request-list.tsx";
import { apiFor } from "../lib/api.server.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Quote requests · Shop staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  return apiFor(request, context, session).staff.quotes.list();
}

/** The Requests inbox: new requests and accepted quotes first (oldest first), then the rest. */
export default function RequestsPage() {
  const { items } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="d-flex flex-wrap align-items-baseline justify-content-between gap-2 mb-3">
        <h1 className="h3 m-0">Quote requests</h1>
        <StaffLive tables={["quote_requests", "customers"]} />
      </div>
      {items.length === 0 ? (
        <p>No quote requests yet.</p>
      ) : (
        <QuoteRequestList
          items={items}
          href={(q) => `/admin/requests/${q.requestNumber}`}
          title={(q) => `${q.customerName} · ${q.what}`}
          showJob
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
