import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { client, errorText, formatTime } from "../client.ts";
import { useStatus } from "../use-data.ts";
import {
  EMAIL_STATUS_LABELS,
  EMAIL_STATUSES,
  type EmailStatus,
  EmailStatusPill,
  kindLabel,
  type SentEmail,
} from "./email-status.tsx";
import { useServerQuery } from "./use-server.ts";

interface OutboxPage {
  items: (SentEmail & { customerId: number | null; nextAttemptAt: string })[];
  nextCursor: number | null;
  counts: Record<EmailStatus, number>;
}

/** Admin: the server's email outbox by status, with a retry for failed and dead messages. */
export function EmailOutbox() {
  const queryClient = useQueryClient();
  const offline = useStatus().data?.state === "offline";
  const [status, setStatus] = useState<EmailStatus | undefined>(undefined);
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const outbox = useServerQuery<OutboxPage>("email.outbox.list", { status, cursor, limit: 50 });
  const counts = outbox.data?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;

  function filter(next: EmailStatus | undefined) {
    setStatus(next);
    setCursor(undefined);
  }
  async function retry(id: number) {
    setResult(null);
    try {
      const done = (await client.server.mutate.mutate({
        path: "email.outbox.retry",
        input: { id },
      })) as { id: number; status: EmailStatus };
      setResult({ ok: true, text: `Message #${done.id} is ${done.status} again.` });
      await queryClient.invalidateQueries({ queryKey: ["server", "email.outbox.list"] });
    } catch (e) {
      setResult({ ok: false, text: `Message #${id}: ${errorText(e)}` });
    }
  }

  return (
    <section>
      <header className="screen-header">
        <h1>Email outbox</h1>
        <button
          type="button"
          onClick={() =>
            queryClient.invalidateQueries({ queryKey: ["server", "email.outbox.list"] })
          }
        >
          Refresh
        </button>
      </header>
      {offline && <p className="muted">The email outbox is available when online.</p>}
      <fieldset className="filters" aria-label="Filter by status">
        <button
          type="button"
          className={status === undefined ? "chip on" : "chip"}
          aria-pressed={status === undefined}
          onClick={() => filter(undefined)}
        >
          All{total !== undefined ? ` (${total})` : ""}
        </button>
        {EMAIL_STATUSES.map((s) => (
          <button
            type="button"
            key={s}
            className={status === s ? "chip on" : "chip"}
            aria-pressed={status === s}
            data-testid={`count-${s}`}
            onClick={() => filter(s)}
          >
            {EMAIL_STATUS_LABELS[s]}
            {counts ? ` (${counts[s]})` : ""}
          </button>
        ))}
      </fieldset>
      {outbox.error && !offline && <p className="error">{errorText(outbox.error)}</p>}
      {result && (
        <p className={result.ok ? "ok" : "error"} role={result.ok ? "status" : "alert"}>
          {result.text}
        </p>
      )}
      <table className="table compact">
        <thead>
          <tr>
            <th>#</th>
            <th>Email</th>
            <th>To</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last error</th>
            <th>Created</th>
            <th>Sent</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {outbox.data?.items.map((e) => (
            <tr key={e.id}>
              <td className="muted">{e.id}</td>
              <td>
                <strong>{kindLabel(e.kind)}</strong>
                <div className="muted small-text">{e.subject}</div>
              </td>
              <td>{e.to}</td>
              <td>
                <EmailStatusPill status={e.status} />
              </td>
              <td>{e.attempts}</td>
              <td className="last-error">{e.lastError ?? "—"}</td>
              <td className="muted when">{formatTime(e.createdAt)}</td>
              <td className="muted when">{formatTime(e.sentAt)}</td>
              <td>
                {(e.status === "failed" || e.status === "dead") && (
                  <button
                    type="button"
                    aria-label={`Retry message ${e.id}`}
                    onClick={() => retry(e.id)}
                  >
                    Retry
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {outbox.data && outbox.data.items.length === 0 && (
        <p className="muted empty">
          No {status ? EMAIL_STATUS_LABELS[status].toLowerCase() : ""} messages.
        </p>
      )}
      <div className="actions left">
        {cursor !== undefined && (
          <button type="button" onClick={() => setCursor(undefined)}>
            Newest
          </button>
        )}
        {outbox.data?.nextCursor && (
          <button type="button" onClick={() => setCursor(outbox.data!.nextCursor!)}>
            Older →
          </button>
        )}
      </div>
    </section>
  );
}
