import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { MessageRefused } from "../components/message-refused.tsx";
import { postMessage } from "../lib/job-messages.server.ts";
import { requireStaff } from "../lib/session.server.ts";

/**
 * POST a staff reply on a job. A refused message renders this page again (the loader
 * must not redirect: Remix runs it after the action to render the answer).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  return null;
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
