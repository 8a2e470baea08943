import { useSearchParams } from "@remix-run/react";
import type { ThreadMessage } from "@traveler/api/schemas";
import { MessageForm, MessageThread } from "./message-thread.tsx";

/** The "Messages" card of a job page (customer or staff), with its form. */
export function JobMessagesSection({
  messages,
  jobPath,
  viewer,
  idempotencyKey,
  files,
}: {
  messages: ThreadMessage[];
  jobPath: string;
  viewer: "customer" | "staff";
  idempotencyKey?: string;
  /** The job's files this side may attach (customers: their own uploads). */
  files: { id: number; fileName: string }[];
}) {
  const [params] = useSearchParams();
  const attached = new Set(messages.flatMap((m) => m.attachments.map((f) => f.id)));
  const unread = messages.filter((m) => m.author !== viewer && m.readAt === null).length;
  return (
    <section className="card shadow-sm" aria-labelledby="messages-heading" id="messages">
      <div className="card-body">
        <h2 className="h5" id="messages-heading">
          {viewer === "customer" ? "Messages with the shop" : "Messages with the customer"}
          {unread > 0 ? <span className="badge text-bg-primary ms-2">{unread} new</span> : null}
        </h2>
        {params.get("sent") ? (
          <div className="alert alert-success py-2" role="status">
            Message sent.
          </div>
        ) : null}
        <MessageThread messages={messages} viewer={viewer} jobPath={jobPath} />
        <MessageForm
          action={`${jobPath}/messages`}
          label={viewer === "customer" ? "Your message to the shop" : "Reply to the customer"}
          idempotencyKey={idempotencyKey}
          attachable={files.filter((f) => !attached.has(f.id))}
          hint={
            viewer === "customer"
              ? "The shop answers here; you also get an email when they reply."
              : "The customer sees this reply on their job page and gets an email."
          }
        />
      </div>
    </section>
  );
}
