import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { SetPasswordErrors } from "../forms/set-password-schema.ts";
import { FieldError, fieldProps } from "./field.tsx";
import { SubmitButton } from "./submit-button.tsx";

interface LoaderData {
  valid: boolean;
  kind: "invite" | "reset" | null;
  name: string | null;
}

export function SetPasswordPage() {
  const { valid, kind, name } = useLoaderData<LoaderData>();
  const result = useActionData<{ errors: SetPasswordErrors; formError: string | null }>();
  const errors = result?.errors ?? {};
  if (!valid) {
    return (
      <div className="auth-card card shadow-sm mx-auto">
        <div className="card-body">
          <h1 className="h3">This link does not work any more</h1>
          <p>
            Links in invitation and password emails work once and for a limited time. Ask for a new
            one below, or call the shop.
          </p>
          <Link to="/forgot-password" className="btn btn-primary">
            Get a new link
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="auth-card card shadow-sm mx-auto">
      <div className="card-body">
        <h1 className="h3">
          {kind === "invite" ? "Welcome! Choose your password" : "Choose a new password"}
        </h1>
        {name ? <p>Hello {name}.</p> : null}
        {result?.formError ? (
          <div className="alert alert-danger" role="alert">
            {result.formError}
          </div>
        ) : null}
        <Form method="post" noValidate>
          <input type="text" name="username" autoComplete="username" hidden readOnly value="" />
          <div className="mb-3">
            <label htmlFor="password" className="form-label">
              New password
            </label>
            <input
              type="password"
              id="password"
              name="password"
              autoComplete="new-password"
              className={`form-control form-control-lg ${errors.password ? "is-invalid" : ""}`}
              aria-describedby={errors.password ? "password-error password-help" : "password-help"}
              aria-invalid={errors.password ? true : undefined}
            />
            <div id="password-help" className="form-text">
              At least 10 characters. A few unrelated words make a strong password.
            </div>
            <FieldError id="password" message={errors.password} />
          </div>
          <div className="mb-3">
            <label htmlFor="confirm" className="form-label">
              Type it again
            </label>
            <input
              type="password"
              id="confirm"
              name="confirm"
              autoComplete="new-password"
              className={`form-control form-control-lg ${errors.confirm ? "is-invalid" : ""}`}
              {...fieldProps("confirm", errors.confirm)}
            />
            <FieldError id="confirm" message={errors.confirm} />
          </div>
          <SubmitButton pendingText="Saving…" className="btn btn-primary btn-lg w-100">
            Save password and sign in
          </SubmitButton>
        </Form>
      </div>
    </div>
  );
}
