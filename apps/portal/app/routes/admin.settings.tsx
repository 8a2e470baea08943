import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  currencyCodes,
  currencyLabel,
  settingsFieldsSchema,
  timeZoneNames,
} from "@traveler/api/schemas";
import { TRPCError } from "@trpc/server";
import type { ReactNode } from "react";
import { z } from "zod";
import { FieldError } from "../components/field.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { apiFor } from "../lib/api.server.ts";
import { parseForm, readForm } from "../lib/form.server.ts";
import { requireAdmin } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Shop settings · Shop staff" }];

/**
 * The shop settings form: the API's own schema, with the fields a person may leave empty made
 * optional (a form sends "" for them, which Conform reads as "not given").
 */
const settingsForm = settingsFieldsSchema
  .partial({ phone: true, email: true, address: true, hours: true, logoUrl: true })
  .extend({ photosEnabled: z.boolean().default(false) });

type Errors = Partial<Record<string, string>>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireAdmin(request, context);
  const settings = await apiFor(request, context, session).staff.settings.get();
  const currencies = currencyCodes().map((code) => ({ code, label: currencyLabel(code) }));
  return { settings, zones: timeZoneNames(), currencies, formKey: randomUUID() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireAdmin(request, context);
  const formData = await readForm(request);
  const parsed = parseForm(formData, settingsForm);
  if (!parsed.ok) {
    return data(
      { saved: false, errors: parsed.errors as Errors, formError: null as string | null },
      { status: 400 },
    );
  }
  const value = parsed.value;
  const key = formData.get("idempotencyKey");
  try {
    await apiFor(request, context, session).staff.settings.update({
      patch: {
        ...value,
        phone: value.phone ?? "",
        email: value.email ?? "",
        address: value.address ?? "",
        hours: value.hours ?? "",
        logoUrl: value.logoUrl ?? null,
      },
      ...(typeof key === "string" && key.length >= 8 ? { idempotencyKey: key } : {}),
    });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data(
        { saved: false, errors: {} as Errors, formError: error.message },
        { status: 400 },
      );
    }
    throw error;
  }
  return { saved: true, errors: {} as Errors, formError: null };
}

export default function ShopSettingsPage() {
  const { settings, zones, currencies, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  /** A labelled field with its error (and help) under it; `control` gets the shared props. */
  const field = (
    name: string,
    label: string,
    control: (props: {
      id: string;
      name: string;
      "aria-invalid": true | undefined;
      "aria-describedby": string | undefined;
    }) => ReactNode,
    help?: string,
  ) => {
    const described = [help ? `${name}-help` : null, errors[name] ? `${name}-error` : null]
      .filter(Boolean)
      .join(" ");
    return (
      <div className="mb-3">
        <label htmlFor={name} className="form-label">
          {label}
        </label>
        {control({
          id: name,
          name,
          "aria-invalid": errors[name] ? true : undefined,
          "aria-describedby": described || undefined,
        })}
        {help ? (
          <div id={`${name}-help`} className="form-text">
            {help}
          </div>
        ) : null}
        <FieldError id={name} message={errors[name]} />
      </div>
    );
  };
  const invalid = (name: string) => (errors[name] ? "is-invalid" : "");
  const text = (name: string, label: string, value: string, type = "text") =>
    field(name, label, (props) => (
      <input
        {...props}
        type={type}
        defaultValue={value}
        className={`form-control ${invalid(name)}`}
      />
    ));
  const lines = (name: string, label: string, value: string) =>
    field(name, label, (props) => (
      <textarea
        {...props}
        rows={3}
        defaultValue={value}
        className={`form-control ${invalid(name)}`}
      />
    ));
  /** A choice from a list; a value not in the list stays first. */
  const choice = (
    name: string,
    label: string,
    value: string,
    options: { value: string; label: string }[],
    help: string,
  ) =>
    field(
      name,
      label,
      (props) => (
        <select {...props} defaultValue={value} className={`form-select ${invalid(name)}`}>
          {(options.some((o) => o.value === value)
            ? options
            : [{ value, label: value }, ...options]
          ).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ),
      help,
    );
  return (
    <>
      <h1 className="h3 mb-3">Shop settings</h1>
      {result?.saved ? (
        <div className="alert alert-success" role="status">
          Settings saved.
        </div>
      ) : null}
      {result?.formError ? (
        <div className="alert alert-danger" role="alert">
          {result.formError}
        </div>
      ) : null}
      {result && !result.saved && Object.keys(errors).length > 0 ? (
        <div className="alert alert-danger" role="alert">
          Nothing was saved: please correct the fields marked below.
        </div>
      ) : null}
      <Form method="post" noValidate key={formKey} className="card shadow-sm settings-form">
        <div className="card-body">
          <input type="hidden" name="idempotencyKey" value={formKey} />
          {text("shopName", "Shop name", settings.shopName)}
          <div className="row">
            <div className="col-12 col-md-6">{text("phone", "Phone", settings.phone, "tel")}</div>
            <div className="col-12 col-md-6">{text("email", "Email", settings.email, "email")}</div>
          </div>
          {lines("address", "Address", settings.address)}
          {lines("hours", "Opening hours", settings.hours)}
          {choice(
            "timeZone",
            "Time zone",
            settings.timeZone,
            zones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") })),
            'Every date and time in the portal, the emails and the console is shown in shop time; "today" and "due tomorrow" follow this zone.',
          )}
          {choice(
            "currency",
            "Currency",
            settings.currency,
            currencies.map((c) => ({ value: c.code, label: c.label })),
            "Quoted prices are shown in this currency in the portal and the console.",
          )}
          {text("logoUrl", "Logo address (https:// or /…, optional)", settings.logoUrl ?? "")}
          <div className="form-check mb-3">
            <input
              id="photosEnabled"
              name="photosEnabled"
              type="checkbox"
              value="on"
              defaultChecked={settings.photosEnabled}
              className="form-check-input"
            />
            <label htmlFor="photosEnabled" className="form-check-label">
              Customers can see job photos
            </label>
          </div>
          <div className="row">
            <div className="col-12 col-md-6">
              {text(
                "customerIdleMinutes",
                "Customer idle timeout (minutes)",
                String(settings.customerIdleMinutes),
                "number",
              )}
            </div>
            <div className="col-12 col-md-6">
              {text(
                "staffIdleMinutes",
                "Staff idle timeout (minutes)",
                String(settings.staffIdleMinutes),
                "number",
              )}
            </div>
          </div>
          <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
