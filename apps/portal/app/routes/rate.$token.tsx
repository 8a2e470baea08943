import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { RatingForm } from "../components/rating-form.tsx";
import { apiFor } from "../lib/api.server.ts";
import { handleRatingPost } from "../lib/rating-action.server.ts";

/**
 * Rating a completed job from the signed link in its completion email, without signing in.
 * Opening the link only shows the form (mail scanners open links); posting it rates, once.
 * A forged, tampered or expired link, or one already used, gets a page that says so.
 */
export const meta: MetaFunction = () => [
  { title: "Rate your job · Customer portal" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const link = await apiFor(request, context).feedback.link({ token: params.token ?? "" });
    return { link, problem: null };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return data({ link: null, problem: error.message }, { status: 400 });
    }
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  return handleRatingPost(request, (value) =>
    apiFor(request, context).feedback.rateByLink({ token, ...value }),
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-card card shadow-sm mx-auto">
      <div className="card-body">
        <h1 className="h3">{title}</h1>
        {children}
      </div>
    </div>
  );
}

export default function RateByLinkPage() {
  const { link, problem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <Card title="Thank you">
        <p role="status">Your rating was sent to the shop. Thank you for your feedback.</p>
        <Link to="/login" className="btn btn-outline-primary">
          Sign in to the portal
        </Link>
      </Card>
    );
  }
  if (!link || (result && !result.ok && result.message)) {
    return (
      <Card title="This link cannot be used">
        <p role="alert">{result?.message ?? problem}</p>
        <Link to="/login" className="btn btn-outline-primary">
          Sign in to the portal
        </Link>
      </Card>
    );
  }
  if (link.state === "rated") {
    return (
      <Card title="Already rated">
        <p>
          Job {link.jobNumber} ({link.title}) has already been rated. Thank you for your feedback.
        </p>
        <Link to="/login" className="btn btn-outline-primary">
          Sign in to the portal
        </Link>
      </Card>
    );
  }
  return (
    <Card title={`Rate job ${link.jobNumber}`}>
      <p>{link.title}. Your rating goes to the shop; you can rate this job once.</p>
      <RatingForm
        errors={result && !result.ok && result.errors ? result.errors : {}}
        {...(result && !result.ok && result.values ? { values: result.values } : {})}
      />
    </Card>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
