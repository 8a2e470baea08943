import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { MessageRefused } from "../components/message-refused.tsx";
import { postMessage } from "../lib/job-messages.server.ts";

/** POST a message on the customer's own job; GET goes back to the job's thread. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/customer/job/${params.jobNumber ?? ""}#messages`);
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
