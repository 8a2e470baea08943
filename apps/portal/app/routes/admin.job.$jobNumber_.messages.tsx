import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { MessageRefused } from "../components/message-refused.tsx";
import { postMessage } from "../lib/job-messages.server.ts";

/** POST a staff reply on a job; GET goes back to the job's thread. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/admin/job/${params.jobNumber ?? ""}#messages`);
}

export function action({ request, context, params }: ActionFunctionArgs) {
  return postMessage(request, context, params.jobNumber ?? "", "staff");
}

export default function MessageRefusedPage() {
  const result = useActionData<typeof action>();
  return (
    <MessageRefused
      jobPath={`/admin/job/${useParams().jobNumber}`}
      label="Reply to the customer"
      result={result}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
