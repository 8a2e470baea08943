import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { AltchaField } from "../components/altcha-field.tsx";
import { FieldError, fieldProps } from "../components/field.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { getSession, homeFor } from "../lib/session.server.ts";
import { handleLogin, type LoginActionData } from "./login.server.ts";

export const meta: MetaFunction = () => [{ title: "Sign in · Customer portal" }];

const REASONS: Record<string, string> = {
  idle: "You were signed out after inactivity. Please sign in again.",
  expired: "Your session has ended. Please sign in again.",
  "signed-out": "You have signed out.",
  "password-set": "Your password is set. Please sign in.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const session = await getSession(request, context);
  const reason = url.searchParams.get("reason");
  return {
    notice: reason ? (REASONS[reason] ?? null) : null,
    initialKind:
      url.searchParams.get("as") === "staff" ? ("staff" as const) : ("customer" as const),
    signedIn: session
      ? {
          name: session.actor.name,
          type: session.actor.type,
          home: homeFor(session.actor),
        }
      : null,
  };
}

/** A throttled attempt tells clients when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const action = ({ request, context }: ActionFunctionArgs) => handleLogin(request, context);

export default function LoginPage() {
  const { notice, initialKind, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<LoginActionData>();
  const [kind, setKind] = useState<"customer" | "staff">(result?.kind ?? initialKind);
  const errors = result?.fieldErrors ?? {};
  const passwordRef = useRef<HTMLInputElement>(null);
  // A refused attempt never leaves the password in the field.
  useEffect(() => {
    if (result && passwordRef.current) passwordRef.current.value = "";
  }, [result]);

  if (signedIn) {
    return (
      <div className="auth-card card shadow-sm mx-auto">
        <div className="card-body">
          <h1 className="h3">You are already signed in</h1>
          <p>
            Signed in as <strong>{signedIn.name}</strong> (
            {signedIn.type === "customer" ? "customer" : "shop staff"}).
          </p>
          <div className="d-flex flex-wrap gap-2">
            <Link to={signedIn.home} className="btn btn-primary touch-target">
              Continue as {signedIn.name}
            </Link>
            <Form
              method="post"
              action={signedIn.type === "customer" ? "/customer/logout" : "/admin/logout"}
            >
              <input type="hidden" name="next" value="/login" />
              <button type="submit" className="btn btn-outline-secondary touch-target">
                Switch account
              </button>
            </Form>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="auth-card card shadow-sm mx-auto">
      <div className="card-body">
        <h1 className="h3 mb-3">Sign in</h1>
        {notice ? (
          <div className="alert alert-info" role="status">
            {notice}
          </div>
        ) : null}
        {result?.formError ? (
          <div
            className={`alert ${result.retryAfterSeconds ? "alert-warning" : "alert-danger"}`}
            role="alert"
            id="login-error"
          >
            {result.formError}
          </div>
        ) : null}
        <Form
          method="post"
          noValidate
          className="login-form"
          aria-describedby={result?.formError ? "login-error" : undefined}
        >
          <fieldset className="mb-3">
            <legend className="form-label fw-semibold fs-6">I am signing in as</legend>
            <div className="segmented" role="radiogroup" aria-label="Account type">
              <input
                className="btn-check"
                type="radio"
                name="kind"
                id="kind-customer"
                value="customer"
                defaultChecked={kind === "customer"}
                onChange={() => setKind("customer")}
              />
              <label className="btn btn-outline-primary" htmlFor="kind-customer">
                Customer
              </label>
              <input
                className="btn-check"
                type="radio"
                name="kind"
                id="kind-staff"
                value="staff"
                defaultChecked={kind === "staff"}
                onChange={() => setKind("staff")}
              />
              <label className="btn btn-outline-primary" htmlFor="kind-staff">
                Shop staff
              </label>
            </div>
          </fieldset>

          <div className="mb-3 customer-fields">
            <label htmlFor="email" className="form-label">
              Email address
            </label>
            <input
              type="email"
              name="email"
              id="email"
              autoComplete="username"
              inputMode="email"
              className={`form-control form-control-lg ${errors.email ? "is-invalid" : ""}`}
              defaultValue={result?.email ?? ""}
              {...fieldProps("email", errors.email)}
            />
            <FieldError id="email" message={errors.email} />
          </div>

          <div className="mb-3 staff-fields">
            <label htmlFor="username" className="form-label">
              Username
            </label>
            <input
              type="text"
              name="username"
              id="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              className={`form-control form-control-lg ${errors.username ? "is-invalid" : ""}`}
              defaultValue={result?.username ?? ""}
              {...fieldProps("username", errors.username)}
            />
            <FieldError id="username" message={errors.username} />
          </div>

          <div className="mb-3">
            <label htmlFor="password" className="form-label">
              Password
            </label>
            <input
              type="password"
              name="password"
              id="password"
              ref={passwordRef}
              autoComplete="current-password"
              className={`form-control form-control-lg ${errors.password ? "is-invalid" : ""}`}
              {...fieldProps("password", errors.password)}
            />
            <FieldError id="password" message={errors.password} />
          </div>

          {result?.captcha ? (
            <>
              <input type="hidden" name="captchaShown" value="1" />
              <AltchaField
                account={{
                  kind: result.kind,
                  identifier: result.kind === "customer" ? result.email : result.username,
                }}
              />
            </>
          ) : null}

          <SubmitButton pendingText="Signing in…" className="btn btn-primary btn-lg w-100">
            Sign in
          </SubmitButton>
        </Form>
        <p className="mt-3 mb-0 customer-fields">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <p className="mt-3 mb-0 small text-body-secondary staff-fields">
          Staff passwords are reset by the shop administrator.
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
