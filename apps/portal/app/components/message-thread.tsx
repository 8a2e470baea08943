import { Form } from "@remix-run/react";
import type { ThreadMessage } from "@traveler/api/schemas";
import { formatDateTime, useShopTime } from "../lib/format.ts";
import { FieldError, fieldProps } from "./field.tsx";
import { SubmitButton } from "./submit-button.tsx";

/**
 * A job's conversation between its customer and the shop, oldest first. `viewer` decides which
 * side is "you" (customers see the shop's name; staff see who of them wrote).
 */
export function MessageThread({
  messages,
  viewer,
}: {
  messages: ThreadMessage[];
  viewer: "customer" | "staff";
}) {
  const { timeZone } = useShopTime();
  if (messages.length === 0) {
    return (
      <p className="text-body-secondary">
        {viewer === "customer"
          ? "No messages yet. Ask the shop anything about this job below."
          : "No messages on this job yet."}
      </p>
    );
  }
  return (
    <ol className="message-thread list-unstyled mb-3">
      {messages.map((m) => {
        const mine = m.author === viewer;
        const who =
          m.author === "customer"
            ? viewer === "customer"
              ? "You"
              : m.authorName
            : viewer === "staff"
              ? m.authorName
              : "The shop";
        return (
          <li
            key={m.id}
            className={`message ${mine ? "message-mine" : "message-theirs"} mb-2 p-2 rounded border`}
          >
            <p className="small text-body-secondary mb-1">
              <strong>{who}</strong> ·{" "}
              <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, timeZone)}</time>
              {mine && m.readAt ? " · read" : null}
              {!mine && !m.readAt ? <span className="badge text-bg-primary ms-2">New</span> : null}
            </p>
            <p className="mb-0 white-space-pre-line">{m.body}</p>
          </li>
        );
      })}
    </ol>
  );
}

/** The plain form that posts a message (works without JavaScript). */
export function MessageForm({
  action,
  label,
  error,
  body,
  idempotencyKey,
  hint,
}: {
  action: string;
  label: string;
  error?: string | undefined;
  body?: string | undefined;
  idempotencyKey?: string | undefined;
  hint?: string;
}) {
  return (
    <Form method="post" action={action} className="message-form">
      {idempotencyKey ? <input type="hidden" name="idempotencyKey" value={idempotencyKey} /> : null}
      <label htmlFor="message-body" className="form-label fw-semibold">
        {label}
      </label>
      <textarea
        id="message-body"
        name="body"
        className={`form-control${error ? " is-invalid" : ""}`}
        rows={3}
        maxLength={5000}
        required
        defaultValue={body}
        {...fieldProps("message-body", error)}
      />
      <FieldError id="message-body" message={error} />
      {hint ? <p className="form-text">{hint}</p> : null}
      <SubmitButton pendingText="Sending…" className="btn btn-primary mt-2">
        Send message
      </SubmitButton>
    </Form>
  );
}
