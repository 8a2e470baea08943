import { useSearchParams } from "@remix-run/react";
import type { ThreadMessage } from "@traveler/api/schemas";
import { MessageForm, MessageThread } from "./message-thread.tsx";

/** The "Messages" card of a job page (customer or staff), with its form. */
export function JobMessagesSection({
  messages,
  jobPath,
  viewer,
  idempotencyKey,
}: {
  messages: ThreadMessage[];
  jobPath: string;
  viewer: "customer" | "staff";
  idempotencyKey?: string;
}) {
  const [params] = useSearchParams();
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
        <MessageThread messages={messages} viewer={viewer} />
        <MessageForm
          action={`${jobPath}/messages`}
          label={viewer === "customer" ? "Your message to the shop" : "Reply to the customer"}
          idempotencyKey={idempotencyKey}
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
