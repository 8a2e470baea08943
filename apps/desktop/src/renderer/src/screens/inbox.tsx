import { FILE_ACCEPT, FILE_MAX_BYTES, FILE_TYPES_HELP } from "@traveler/api/schemas";
import { type FormEvent, useState } from "react";
import { client, errorText, formatTime } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";
import { AttachmentList } from "./attachment-list.tsx";
import { fileToBase64 } from "./upload-picker.tsx";

/** At most this many files on one reply (the API's limit). */
const REPLY_FILES_MAX = 10;

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
                  <span className="block muted small-text">
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
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const messages = conversation.data?.messages ?? [];

  function pick(list: FileList | null) {
    setError(null);
    const picked = [...(list ?? [])];
    const tooLarge = picked.find((f) => f.size > FILE_MAX_BYTES);
    if (tooLarge) {
      setError(`${tooLarge.name} is larger than 100 MB. Accepted: ${FILE_TYPES_HELP}`);
      return;
    }
    const next = [...files, ...picked];
    if (next.length > REPLY_FILES_MAX) {
      setError(`Attach at most ${REPLY_FILES_MAX} files to one reply.`);
      return;
    }
    setFiles(next);
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const attached = await Promise.all(
        files.map(async (f) => ({ fileName: f.name, base64: await fileToBase64(f) })),
      );
      await client.messages.reply.mutate({
        jobNumber,
        body,
        ...(attached.length > 0 ? { files: attached } : {}),
      });
      setBody("");
      setFiles([]);
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
            <span className="muted small-text">
              {m.author === "customer" ? m.authorName : `Shop · ${m.authorName}`} ·{" "}
              {m.pending ? "queued" : formatTime(m.createdAt)}
            </span>
            <p>{m.body}</p>
            <AttachmentList
              files={m.attachments}
              label={`Files of this message`}
              download={(fileId) => client.jobs.file.query({ jobNumber, fileId })}
            />
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
        <label>
          Attach files
          <input
            type="file"
            multiple
            accept={FILE_ACCEPT}
            onChange={(e) => {
              pick(e.target.files);
              e.target.value = "";
            }}
          />
        </label>
        {files.length > 0 ? (
          <ul className="attachments" aria-label="Files to send with the reply">
            {files.map((f, i) => (
              <li key={`${f.name}-${f.size}-${f.lastModified}`}>
                {f.name}{" "}
                <button
                  type="button"
                  className="link"
                  onClick={() => setFiles(files.filter((_, k) => k !== i))}
                >
                  Remove {f.name}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
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
        <p className="muted small-text">
          The customer sees replies (and their files) on their job page and gets an email. Sent when
          online; attached files upload first.
        </p>
      </form>
    </section>
  );
}
