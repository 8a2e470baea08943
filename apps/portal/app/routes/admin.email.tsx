import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { apiFor } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";
import { formatDateTime, useShopTime } from "../lib/format.ts";
import { requireAdmin } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Email outbox · Shop admin" }];

/** The outbox statuses (as in the API's EMAIL_STATUS_VALUES; listed here to keep zod out of the chunk). */
const STATUSES = ["queued", "sending", "sent", "failed", "dead", "cancelled"] as const;
type EmailStatus = (typeof STATUSES)[number];

const STATUS_LABEL: Record<EmailStatus, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  dead: "Dead",
  cancelled: "Cancelled",
};

function statusFrom(value: string | null): EmailStatus | undefined {
  return STATUSES.find((s) => s === value);
}

function cursorFrom(value: string | null): number | undefined {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireAdmin(request, context);
  const params = new URL(request.url).searchParams;
  const status = statusFrom(params.get("status"));
  const cursor = cursorFrom(params.get("cursor"));
  const result = await apiFor(request, context, session).email.outbox.list({
    ...(status ? { status } : {}),
    ...(cursor ? { cursor } : {}),
    limit: 50,
  });
  return { status: status ?? null, cursor: cursor ?? null, ...result };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireAdmin(request, context);
  const form = await readForm(request);
  const id = cursorFrom(String(form.get("id") ?? ""));
  if (!id) return data({ ok: false as const, message: "Choose a message to retry." }, 400);
  try {
    await apiFor(request, context, session).email.outbox.retry({ id });
    return {
      ok: true as const,
      message: `Message ${id} is queued again; it will be sent shortly.`,
    };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") {
      return data(
        { ok: false as const, message: `Message ${id} is no longer failed or dead.` },
        { status: 409 },
      );
    }
    throw error;
  }
}

export default function AdminEmailPage() {
  const { timeZone } = useShopTime();
  const { status, cursor, items, counts, nextCursor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const filtering =
    navigation.state === "loading" && navigation.location?.pathname === "/admin/email";
  const total = STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  return (
    <>
      <h1 className="h3 mb-3">Email outbox</h1>
      <section aria-labelledby="counts-heading" className="mb-3">
        <h2 className="visually-hidden" id="counts-heading">
          Messages per status
        </h2>
        <ul className="list-unstyled d-flex flex-wrap gap-2 m-0" data-testid="outbox-counts">
          {STATUSES.map((s) => (
            <li key={s} className="card shadow-sm">
              <Link
                to={`?status=${s}`}
                className="card-body py-2 px-3 d-block text-decoration-none"
                aria-current={status === s ? "true" : undefined}
              >
                <span className="d-block small text-body-secondary">{STATUS_LABEL[s]}</span>
                <span className="h5 m-0" data-testid={`count-${s}`}>
                  {counts[s] ?? 0}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <Form method="get" className="card shadow-sm mb-3" aria-label="Filter the outbox">
        <div className="card-body row g-3 align-items-end">
          <div className="col-12 col-md-4">
            <label htmlFor="status" className="form-label">
              Status
            </label>
            <select
              id="status"
              name="status"
              className="form-select"
              defaultValue={status ?? ""}
              key={status ?? ""}
            >
              <option value="">All statuses</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="col-12 col-md-2 d-grid">
            <button type="submit" className="btn btn-primary" disabled={filtering}>
              {filtering ? (
                <>
                  <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
                  <span role="status">Filtering…</span>
                </>
              ) : (
                "Filter"
              )}
            </button>
          </div>
        </div>
      </Form>

      {result ? (
        <div
          className={`alert ${result.ok ? "alert-success" : "alert-danger"}`}
          role={result.ok ? "status" : "alert"}
        >
          {result.message}
        </div>
      ) : null}

      <p aria-live="polite" className="text-body-secondary">
        {items.length === 0
          ? status
            ? `No ${STATUS_LABEL[status].toLowerCase()} messages.`
            : "The outbox is empty."
          : `${status ? counts[status] : total} message${(status ? counts[status] : total) === 1 ? "" : "s"}${status ? ` ${STATUS_LABEL[status].toLowerCase()}` : ""}${cursor ? " (older page)" : ""}.`}
      </p>

      {items.length > 0 ? (
        <ul className="list-group shadow-sm mb-3" data-testid="outbox-list">
          {items.map((item) => (
            <li key={item.id} className="list-group-item py-3" data-testid={`outbox-${item.id}`}>
              <div className="d-flex flex-wrap justify-content-between gap-2">
                <h2 className="h6 m-0">
                  {item.subject}{" "}
                  <span className="small font-monospace text-body-secondary">#{item.id}</span>
                </h2>
                <span className="badge text-bg-light border" data-testid="outbox-status">
                  {STATUS_LABEL[item.status]}
                </span>
              </div>
              <p className="small mb-1 mt-1">
                {item.kind} to <span className="text-break">{item.to}</span>
                {item.customerId ? (
                  <>
                    {" "}
                    · <Link to={`/admin/customer/${item.customerId}`}>customer</Link>
                  </>
                ) : null}
              </p>
              <p className="small text-body-secondary mb-1">
                Queued{" "}
                <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, timeZone)}</time>
                {item.sentAt ? (
                  <>
                    {" "}
                    · sent{" "}
                    <time dateTime={item.sentAt}>{formatDateTime(item.sentAt, timeZone)}</time>
                  </>
                ) : item.status === "queued" || item.status === "failed" ? (
                  <>
                    {" "}
                    · next attempt{" "}
                    <time dateTime={item.nextAttemptAt}>
                      {formatDateTime(item.nextAttemptAt, timeZone)}
                    </time>
                  </>
                ) : null}{" "}
                · {item.attempts} attempt{item.attempts === 1 ? "" : "s"} (UTC)
              </p>
              {item.lastError ? (
                <p className="small mb-1 text-break">
                  <span className="fw-semibold">Last error:</span> {item.lastError}
                </p>
              ) : null}
              {item.status === "failed" || item.status === "dead" ? (
                <Form method="post" className="mt-2">
                  <SubmitButton
                    name="id"
                    value={String(item.id)}
                    pendingText="Retrying…"
                    className="btn btn-outline-primary btn-sm touch-target"
                  >
                    Retry message #{item.id}
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      {nextCursor || cursor ? (
        <nav aria-label="Outbox pages" className="d-flex gap-2">
          {cursor ? (
            <Link className="btn btn-outline-secondary" to={status ? `?status=${status}` : "?"}>
              Newest messages
            </Link>
          ) : null}
          {nextCursor ? (
            <Link
              className="btn btn-outline-secondary"
              to={`?${new URLSearchParams({ ...(status ? { status } : {}), cursor: String(nextCursor) })}`}
            >
              Older messages
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
