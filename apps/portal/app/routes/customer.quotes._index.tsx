import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { LiveUpdates } from "../components/live-updates.tsx";
import { QuoteRequestList } from "../components/quote-request-list.tsx";
import { apiFor } from "../lib/api.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Quote requests · Customer portal" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  return apiFor(request, context, session).customer.quotes.list();
}

export default function QuoteListPage() {
  const { items } = useLoaderData<typeof loader>();
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
        <QuoteRequestList
          items={items}
          href={(q) => `/customer/quotes/${q.requestNumber}`}
          title={(q) => q.what}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
