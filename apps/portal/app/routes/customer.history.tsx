import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { HistoryRating } from "../components/history-rating.tsx";
import { Pager } from "../components/pager.tsx";
import { parseHistoryQuery } from "../forms/history-query.server.ts";
import { HISTORY_SORT_LABEL, historyPageHref } from "../forms/history-query.ts";
import { apiFor } from "../lib/api.server.ts";
import { formatDateTime, formatQuantity, useShopTime } from "../lib/format.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Job history · Customer portal" }];

const PAGE_SIZE = 10;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const query = parseHistoryQuery(new URL(request.url).searchParams);
  const api = apiFor(request, context, session);
  const result = await api.customer.history({ ...query, pageSize: PAGE_SIZE });
  const { ratings } = await api.feedback.mineForJobs({
    jobNumbers: result.items.map((item) => item.jobNumber),
  });
  return { query, ...result, ratings };
}

export default function HistoryPage() {
  const { timeZone } = useShopTime();
  const { query, items, total, page, pageSize, ratings } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching =
    navigation.state === "loading" && navigation.location?.pathname === "/customer/history";
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(query.q || query.from || query.to);
  return (
    <>
      <h1 className="h3 mb-3">Job history</h1>
      <Form
        method="get"
        className="card shadow-sm mb-3"
        role="search"
        aria-label="Search your completed jobs"
      >
        <div className="card-body row g-3 align-items-end">
          <div className="col-12 col-md-4">
            <label htmlFor="q" className="form-label">
              Search
            </label>
            <input
              type="search"
              id="q"
              name="q"
              className="form-control"
              defaultValue={query.q ?? ""}
              maxLength={100}
              placeholder="Title, description or job number"
            />
          </div>
          <div className="col-6 col-md-2">
            <label htmlFor="from" className="form-label">
              Completed from
            </label>
            <input
              type="date"
              id="from"
              name="from"
              className="form-control"
              defaultValue={query.from ?? ""}
            />
          </div>
          <div className="col-6 col-md-2">
            <label htmlFor="to" className="form-label">
              Completed to
            </label>
            <input
              type="date"
              id="to"
              name="to"
              className="form-control"
              defaultValue={query.to ?? ""}
            />
          </div>
          <div className="col-12 col-md-2">
            <label htmlFor="sort" className="form-label">
              Sort by
            </label>
            <select
              id="sort"
              name="sort"
              className="form-select"
              defaultValue={query.sort ?? "completed_desc"}
            >
              {Object.entries(HISTORY_SORT_LABEL).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="col-12 col-md-2 d-grid">
            <button type="submit" className="btn btn-primary" disabled={searching}>
              {searching ? (
                <>
                  <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
                  <span role="status">Searching…</span>
                </>
              ) : (
                "Search"
              )}
            </button>
          </div>
          {filtered ? (
            <div className="col-12">
              <Link to="/customer/history">Clear the search</Link>
            </div>
          ) : null}
        </div>
      </Form>

      <p aria-live="polite" className="text-body-secondary">
        {total === 0
          ? filtered
            ? "No completed jobs match your search."
            : "You have no completed jobs yet."
          : `${total} completed job${total === 1 ? "" : "s"}${pages > 1 ? `, page ${page} of ${pages}` : ""}.`}
      </p>

      {items.length > 0 ? (
        <ul className="list-group shadow-sm mb-3">
          {items.map((item) => (
            <li key={item.jobNumber} className="list-group-item py-3">
              <div className="d-flex flex-wrap justify-content-between gap-2">
                <h2 className="h6 m-0">
                  <Link to={`/customer/job/${item.jobNumber}`}>{item.title}</Link>
                </h2>
                <span className="small text-body-secondary font-monospace">{item.jobNumber}</span>
              </div>
              {item.description ? <p className="mb-1 mt-1">{item.description}</p> : null}
              <p className="small text-body-secondary mb-0">
                Completed{" "}
                <time dateTime={item.completedAt}>
                  {formatDateTime(item.completedAt, timeZone)}
                </time>{" "}
                · Quantity {formatQuantity(item.quantity)}
              </p>
              <HistoryRating
                jobNumber={item.jobNumber}
                rating={ratings.find((r) => r.jobNumber === item.jobNumber)?.rating ?? null}
              />
            </li>
          ))}
        </ul>
      ) : null}

      <Pager
        label="History pages"
        page={page}
        pages={pages}
        href={(n) => historyPageHref(query, n)}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
