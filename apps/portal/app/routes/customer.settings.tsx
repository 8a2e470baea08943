import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notifyPreferenceSchema } from "@traveler/api/schemas";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { apiFor } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Email settings · Customer portal" }];

const CHOICES = [
  {
    value: "all",
    label: "Every update",
    hint: "An email whenever the shop posts news about one of your jobs (updates within a few minutes come as one email).",
  },
  {
    value: "milestones",
    label: "Milestones only",
    hint: "Only when a job is ready for pickup or completed.",
  },
  { value: "none", label: "No job emails", hint: "You can still follow your jobs here." },
] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const { preference } = await apiFor(request, context, session).email.preference.get();
  return { preference, email: session.actor.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireCustomer(request, context);
  const form = await readForm(request);
  const parsed = notifyPreferenceSchema.safeParse(form.get("preference"));
  if (!parsed.success) {
    return data({ ok: false as const, error: "Choose one of the options below." }, { status: 400 });
  }
  await apiFor(request, context, session).email.preference.set({ preference: parsed.data });
  return { ok: true as const, error: null };
}

export default function EmailSettingsPage() {
  const { preference, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto" style={{ maxWidth: "40rem" }}>
      <nav aria-label="Breadcrumb" className="mb-2">
        <Link to="/customer/dashboard">← Back to my jobs</Link>
      </nav>
      <h1 className="h3 mb-3">Email settings</h1>
      {result?.ok ? (
        <div className="alert alert-success" role="status">
          Saved. Your email settings are updated.
        </div>
      ) : null}
      {result && !result.ok ? (
        <div className="alert alert-danger" role="alert" id="preference-error">
          {result.error}
        </div>
      ) : null}
      <Form method="post" className="card shadow-sm">
        <div className="card-body">
          <fieldset aria-describedby={result && !result.ok ? "preference-error" : undefined}>
            <legend className="h5">Job update emails</legend>
            <p className="text-body-secondary">
              Sent to <strong>{email}</strong>.
            </p>
            {CHOICES.map((choice) => (
              <div className="form-check mb-3" key={choice.value}>
                <input
                  className="form-check-input"
                  type="radio"
                  name="preference"
                  id={`preference-${choice.value}`}
                  value={choice.value}
                  defaultChecked={preference === choice.value}
                  aria-describedby={`preference-${choice.value}-hint`}
                />
                <label
                  className="form-check-label fw-semibold"
                  htmlFor={`preference-${choice.value}`}
                >
                  {choice.label}
                </label>
                <div id={`preference-${choice.value}-hint`} className="form-text">
                  {choice.hint}
                </div>
              </div>
            ))}
          </fieldset>
          <p className="small text-body-secondary">
            Invitations and password reset emails are always sent: they only come when you or the
            shop ask for them.
          </p>
          <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
