import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { loginThrottleInfo } from "@traveler/api/server";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { FieldError, fieldProps } from "../components/field.tsx";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { apiFor } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Customer portal" }];

const ForgotPasswordSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(254)
    .pipe(z.email("Enter an email address like name@example.com.")),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = ForgotPasswordSchema.safeParse({ email: form.get("email") ?? undefined });
  if (!parsed.success) {
    return data(
      {
        sent: false,
        error: parsed.error.issues[0]?.message ?? "Check the address.",
        formError: null,
      },
      { status: 400 },
    );
  }
  try {
    await apiFor(request, context).auth.requestPasswordReset({ email: parsed.data.email });
  } catch (error) {
    if (error instanceof TRPCError) {
      const wait = loginThrottleInfo(error).retryAfterSeconds;
      if (wait !== null) {
        return data(
          {
            sent: false,
            error: null,
            formError: `Too many requests. Please try again in ${Math.ceil(wait / 60)} minutes.`,
          },
          { status: 429, headers: { "Retry-After": String(wait) } },
        );
      }
    }
    throw error;
  }
  // The same answer whether or not the address has an account.
  return { sent: true, error: null, formError: null };
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  return (
    <div className="auth-card card shadow-sm mx-auto">
      <div className="card-body">
        <h1 className="h3">Forgot your password?</h1>
        {result?.sent ? (
          <div className="alert alert-success" role="status">
            If that address belongs to a customer account, we have sent it a link to choose a new
            password. The link works for one hour.
          </div>
        ) : (
          <>
            <p>Enter the email address you use with the shop and we will send you a link.</p>
            {result?.formError ? (
              <div className="alert alert-warning" role="alert">
                {result.formError}
              </div>
            ) : null}
            <Form method="post" noValidate>
              <div className="mb-3">
                <label htmlFor="email" className="form-label">
                  Email address
                </label>
                <input
                  type="email"
                  id="email"
                  name="email"
                  autoComplete="email"
                  className={`form-control form-control-lg ${result?.error ? "is-invalid" : ""}`}
                  {...fieldProps("email", result?.error ?? undefined)}
                />
                <FieldError id="email" message={result?.error ?? undefined} />
              </div>
              <SubmitButton pendingText="Sending…" className="btn btn-primary btn-lg w-100">
                Send me a link
              </SubmitButton>
            </Form>
          </>
        )}
        <p className="mt-3 mb-0">
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
