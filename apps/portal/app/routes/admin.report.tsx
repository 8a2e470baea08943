import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import {
  dayInZone,
  metricsReportInput,
  presetPeriod,
  REPORT_PRESET_DAYS,
} from "@traveler/api/schemas";
import { z } from "zod";
import { FieldError, fieldProps } from "../components/field.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { MetricsReportView } from "../components/metrics-report-view.tsx";
import { apiFor } from "../lib/api.server.ts";
import { requireAdmin } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Report · Shop admin" }];

/**
 * The spec's success metrics over a period of shop days (admins): `?from=&to=` or `?days=30|90`
 * (the last 30 or 90 days ending today in shop time, the default being 30).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireAdmin(request, context);
  const api = apiFor(request, context, session);
  const params = new URL(request.url).searchParams;
  const shop = await api.auth.shop();
  const today = dayInZone(new Date(), shop.timeZone);
  const days = REPORT_PRESET_DAYS.find((d) => String(d) === params.get("days")) ?? 30;
  const given = params.has("from") || params.has("to");
  const period = given
    ? { from: params.get("from") ?? "", to: params.get("to") ?? "" }
    : presetPeriod(days, today);
  const parsed = metricsReportInput.safeParse(period);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return data(
      {
        period,
        today,
        report: null,
        errors: { from: fields.from?.[0], to: fields.to?.[0] },
      },
      { status: 400 },
    );
  }
  const report = await api.staff.reports.metrics(parsed.data);
  return { period, today, report, errors: null };
}

function DateField(props: {
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
}) {
  return (
    <div className="col-6 col-md-3">
      <label htmlFor={props.name} className="form-label">
        {props.label}
      </label>
      <input
        type="date"
        id={props.name}
        name={props.name}
        className={`form-control${props.error ? " is-invalid" : ""}`}
        defaultValue={props.value}
        required
        {...fieldProps(props.name, props.error)}
      />
      <FieldError id={props.name} message={props.error} />
    </div>
  );
}

export default function ReportPage() {
  const { period, report, errors } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="h3 mb-3">Report: the portal's goals</h1>
      <Form method="get" className="card shadow-sm mb-3" aria-label="Report period">
        <div className="card-body row g-3 align-items-end">
          <DateField name="from" label="From" value={period.from} error={errors?.from} />
          <DateField name="to" label="To" value={period.to} error={errors?.to} />
          <div className="col-12 col-md-2 d-grid">
            <button type="submit" className="btn btn-primary">
              Show
            </button>
          </div>
          <div className="col-12 col-md-4 d-flex flex-wrap gap-2">
            {REPORT_PRESET_DAYS.map((days) => (
              <Link
                key={days}
                to={`/admin/report?days=${days}`}
                className="btn btn-outline-secondary"
              >
                Last {days} days
              </Link>
            ))}
          </div>
        </div>
      </Form>
      {report ? (
        <>
          <p className="text-body-secondary">
            {report.period.from} to {report.period.to}, whole days in shop time (
            {report.period.timeZone}).
          </p>
          <MetricsReportView report={report} />
        </>
      ) : (
        <div className="alert alert-danger" role="alert">
          Choose a valid period: the dates marked above.
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
