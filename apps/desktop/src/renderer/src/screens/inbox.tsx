import { type FormEvent, useState } from "react";
import { client, errorText, formatTime } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";

/**
 * The Inbox (issue 14): conversations with customers, the longest-waiting first, from the cache
 * (works offline, updates live as sync pulls). A reply is queued like every write.
 */
export function Inbox() {
  const [showAll, setShowAll] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const list = useCacheQuery(["inbox", showAll], () =>
    client.messages.inbox.query({ includeAnswered: showAll }),
  );
  const threads = list.data?.threads ?? [];
  return (
    <section className="inbox-screen">
      <header className="screen-header">
        <h1>Inbox</h1>
        <span className="muted">
          {list.data ? `${list.data.unreadTotal} unread · longest waiting first` : ""}
        </span>
        <label className="check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          Show answered conversations
        </label>
      </header>
      <div className="inbox-layout">
        {threads.length === 0 ? (
          <p className="muted">No conversation is waiting for an answer.</p>
        ) : (
          <ul className="inbox-list" aria-label="Conversations">
            {threads.map((t) => (
              <li key={t.jobNumber} className={open === t.jobNumber ? "card selected" : "card"}>
                <button type="button" className="card-open" onClick={() => setOpen(t.jobNumber)}>
                  <strong>
                    {t.customerName} · {t.jobNumber}
                  </strong>{" "}
                  {t.unread > 0 ? <span className="badge">{t.unread} unread</span> : null}
                  <span className="block">{t.jobTitle}</span>
                  <span className="block muted">
                    {t.lastAuthor === "staff" ? "Shop: " : ""}
                    {t.lastBody}
                  </span>
                  <span className="block muted small">
                    {t.waitingSince ? `Waiting since ${formatTime(t.waitingSince)}` : "Answered"}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {open ? <Conversation key={open} jobNumber={open} /> : null}
      </div>
    </section>
  );
}

function Conversation({ jobNumber }: { jobNumber: string }) {
  const conversation = useCacheQuery(["thread", jobNumber], () =>
    client.messages.thread.query({ jobNumber }),
  );
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const messages = conversation.data?.messages ?? [];

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await client.messages.reply.mutate({ jobNumber, body });
      setBody("");
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="card conversation" aria-label={`Conversation on ${jobNumber}`}>
      <h2>{jobNumber}</h2>
      <ol className="message-list">
        {messages.map((m) => (
          <li key={m.id} className={`message message-${m.author}${m.pending ? " pending" : ""}`}>
            <span className="muted small">
              {m.author === "customer" ? m.authorName : `Shop · ${m.authorName}`} ·{" "}
              {m.pending ? "queued" : formatTime(m.createdAt)}
            </span>
            <p>{m.body}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={send} aria-label={`Reply on ${jobNumber}`}>
        <label>
          Reply to the customer
          <textarea
            name="reply"
            rows={3}
            maxLength={5000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        </label>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="primary" disabled={body.trim() === ""}>
            Send reply
          </button>
          <button type="button" onClick={() => void client.messages.markRead.mutate({ jobNumber })}>
            Mark read
          </button>
        </div>
        <p className="muted small">
          The customer sees replies on their job page and gets an email. Sent when online.
        </p>
      </form>
    </section>
  );
}
