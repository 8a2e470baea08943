import { Form } from "@remix-run/react";
import { formatFileSize, isNewToReader, type ThreadMessage } from "@traveler/api/schemas";
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
  jobPath,
}: {
  messages: ThreadMessage[];
  viewer: "customer" | "staff";
  /** The job page; attachments download from `<jobPath>/files/<id>`. */
  jobPath: string;
}) {
  const { timeZone } = useShopTime();
  // Rendered on the server only (customer and staff pages are not hydrated).
  const now = Date.now();
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
              {!mine && isNewToReader(m.readAt, now) ? (
                <span className="badge text-bg-primary ms-2">New</span>
              ) : null}
            </p>
            <p className="mb-0 white-space-pre-line">{m.body}</p>
            {m.attachments.length > 0 ? (
              <ul className="list-unstyled small mt-1 mb-0">
                {m.attachments.map((f) => (
                  <li key={f.id}>
                    📎 <a href={`${jobPath}/files/${f.id}`}>{f.fileName}</a> (
                    {formatFileSize(f.byteSize)})
                  </li>
                ))}
              </ul>
            ) : null}
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
  attachable = [],
}: {
  action: string;
  label: string;
  error?: string | undefined;
  body?: string | undefined;
  idempotencyKey?: string | undefined;
  hint?: string;
  /** Files of this job that may go with the message (uploaded in the Files section). */
  attachable?: { id: number; fileName: string }[];
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
      {attachable.length > 0 ? (
        <fieldset className="mt-2">
          <legend className="fs-6 fw-semibold mb-1">Attach files from this job</legend>
          {attachable.map((f) => (
            <div className="form-check" key={f.id}>
              <input
                className="form-check-input"
                type="checkbox"
                name="fileIds"
                value={f.id}
                id={`attach-${f.id}`}
              />
              <label className="form-check-label" htmlFor={`attach-${f.id}`}>
                {f.fileName}
              </label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <SubmitButton pendingText="Sending…" className="btn btn-primary mt-2">
        Send message
      </SubmitButton>
    </Form>
  );
}
