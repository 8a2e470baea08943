import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { MessageRefused } from "../components/message-refused.tsx";
import { postMessage } from "../lib/job-messages.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

/**
 * POST a message on the customer's own job. A refused message renders this page again (the loader
 * must not redirect: Remix runs it after the action to render the answer).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCustomer(request, context);
  return null;
}

export function action({ request, context, params }: ActionFunctionArgs) {
  return postMessage(request, context, params.jobNumber ?? "", "customer");
}

export default function MessageRefusedPage() {
  const result = useActionData<typeof action>();
  return (
    <MessageRefused
      jobPath={`/customer/job/${useParams().jobNumber}`}
      label="Your message to the shop"
      result={result}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
