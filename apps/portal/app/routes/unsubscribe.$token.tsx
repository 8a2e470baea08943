import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SubmitButton } from "../components/submit-button.tsx";
import { apiFor } from "../lib/api.server.ts";

/**
 * Unsubscribe from job-update emails through the signed link in every such email. GET only
 * asks (mail scanners open links; they must not unsubscribe anyone); POST applies. Mail clients'
 * one-click POST (RFC 8058, body `List-Unsubscribe=One-Click`) lands on the same action.
 */
export const meta: MetaFunction = () => [
  { title: "Unsubscribe · Customer portal" },
  { name: "robots", content: "noindex" },
];

export function loader(_args: LoaderFunctionArgs) {
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  try {
    await apiFor(request, context).email.unsubscribe({ token: params.token ?? "" });
    return { ok: true as const, error: null };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data({ ok: false as const, error: error.message }, { status: 400 });
    }
    throw error;
  }
}

export default function UnsubscribePage() {
  const result = useActionData<typeof action>();
  return (
    <div className="auth-card card shadow-sm mx-auto">
      <div className="card-body">
        {result?.ok ? (
          <>
            <h1 className="h3">You are unsubscribed</h1>
            <p role="status">
              We will not email you about job updates any more. You can still follow your jobs in
              the portal, and turn emails back on under Email settings.
            </p>
            <Link to="/customer/settings" className="btn btn-outline-primary">
              Email settings
            </Link>
          </>
        ) : (
          <>
            <h1 className="h3">Stop job update emails?</h1>
            {result?.error ? (
              <div className="alert alert-danger" role="alert">
                {result.error}
              </div>
            ) : null}
            <p>
              Confirm to stop emails about your jobs' progress. Invitations and password reset
              emails you ask for still arrive.
            </p>
            <Form method="post">
              <SubmitButton pendingText="Unsubscribing…">Unsubscribe</SubmitButton>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
