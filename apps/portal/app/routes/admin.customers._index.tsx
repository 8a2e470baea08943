import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { Pager } from "../components/pager.tsx";
import { apiFor } from "../lib/api.server.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Customers · Shop staff" }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const pageParam = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isSafeInteger(pageParam) && pageParam >= 1 ? Math.min(pageParam, 100_000) : 1;
  const list = await apiFor(request, context, session).staff.customers.list({
    ...(q ? { q } : {}),
    page,
    limit: PAGE_SIZE,
  });
  return { q, page, total: list.total, customers: list.items };
}

function pageHref(q: string, page: number) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "/admin/customers";
}

export default function CustomerList() {
  const { q, page, total, customers } = useLoaderData<typeof loader>();
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  return (
    <>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 className="h3 m-0 me-auto">Customers</h1>
        <Link to="/admin/customers/new" className="btn btn-primary touch-target">
          New customer
        </Link>
      </div>
      <Form method="get" role="search" aria-label="Search customers" className="d-flex gap-2 mb-3">
        <label htmlFor="q" className="visually-hidden">
          Search customers
        </label>
        <input
          type="search"
          id="q"
          name="q"
          defaultValue={q}
          className="form-control"
          placeholder="Name, company, email or phone"
        />
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </Form>
      <p className="text-body-secondary" aria-live="polite" data-testid="customer-count">
        {total === 0
          ? q
            ? `No customers match “${q}”.`
            : "No customers yet."
          : `${first.toLocaleString("en-US")}–${(first + customers.length - 1).toLocaleString("en-US")} of ${total.toLocaleString("en-US")} customer${total === 1 ? "" : "s"}${q ? ` matching “${q}”` : ""}.`}
      </p>
      {customers.length > 0 ? (
        <ul className="list-group mb-3" aria-label="Customers">
          {customers.map((c) => (
            <li key={c.id} className="list-group-item customer-row">
              <Link to={`/admin/customer/${c.id}`} className="fw-semibold d-inline-block py-1">
                {c.name}
              </Link>
              {c.company ? <span className="text-body-secondary"> · {c.company}</span> : null}
              <div className="small text-body-secondary text-break">
                {c.email}
                {c.phone ? (
                  <>
                    {" · "}
                    <span className="text-nowrap">{c.phone}</span>
                  </>
                ) : null}
                {` · ${c.activeJobs} active job${c.activeJobs === 1 ? "" : "s"}`}
                {!c.portalEnabled ? " · portal off" : ""}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <Pager label="Pages of customers" page={page} pages={pages} href={(n) => pageHref(q, n)} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
