import { Link } from "@remix-run/react";
import { MessageForm } from "./message-thread.tsx";

/** A refused message (e.g. empty): the form again with what was typed, and the way back. */
export function MessageRefused({
  jobPath,
  label,
  result,
}: {
  jobPath: string;
  label: string;
  result: { error: string; body: string } | undefined;
}) {
  return (
    <div className="mx-auto" style={{ maxWidth: "40rem" }}>
      <nav aria-label="Breadcrumb" className="mb-2">
        <Link to={`${jobPath}#messages`}>← Back to the job</Link>
      </nav>
      <h1 className="h3">{result ? "Message not sent" : "Write a message"}</h1>
      <MessageForm
        action={`${jobPath}/messages`}
        label={label}
        error={result?.error}
        body={result?.body}
      />
    </div>
  );
}
