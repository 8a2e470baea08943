import { PROOF_STATE_LABELS } from "@traveler/api/schemas";
import { type FormEvent, useState } from "react";
import { client, errorText, formatTime } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";

/**
 * The job's proof in the editor: each version's state (waiting / approved / changes requested,
 * live as sync delivers the customer's answer), the shop's message, the customer's comments with
 * their pins (number and spot on the file, as fractions of the image), and sending the next
 * version from files already on the job (queued offline like every write).
 */
export function JobProofs({ jobNumber }: { jobNumber: string }) {
  const proofs = useCacheQuery(["proofs", jobNumber], () =>
    client.jobs.proofs.query({ jobNumber }),
  );
  const [chosen, setChosen] = useState<number[]>([]);
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const list = proofs.data?.proofs ?? [];
  const files = proofs.data?.files ?? [];
  const latest = list[0];

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const ids = files.filter((f) => chosen.includes(f.id)).map((f) => f.id);
    if (ids.length === 0) {
      setError("Choose at least one file for the proof.");
      return;
    }
    try {
      await client.jobs.sendProof.mutate({
        jobNumber,
        fileIds: ids,
        message: message.trim() || undefined,
      });
      setQueued(true);
      setChosen([]);
      setMessage("");
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby="proof-heading">
      <h2 id="proof-heading">
        Proof{" "}
        {latest && (
          <span className={`proof-state proof-${latest.state}`}>
            {PROOF_STATE_LABELS[latest.state]}
          </span>
        )}
      </h2>
      {list.length === 0 && <p className="muted">No proof sent yet.</p>}
      {list.map((p) => (
        <div key={p.id} className="proof-version">
          <h3>
            Version {p.version} · {PROOF_STATE_LABELS[p.state]}
          </h3>
          <p className="muted">
            Sent {formatTime(p.sentAt)}
            {p.sentBy ? ` by ${p.sentBy}` : ""} ·{" "}
            {p.files.map((f) => f.fileName ?? `file #${f.jobFileId}`).join(", ")}
          </p>
          {p.message && <p className="pre-line">{p.message}</p>}
          {p.comments.length > 0 && (
            <ol className="proof-comments">
              {p.comments.map((c) => (
                <li key={c.id}>
                  {c.pin && (
                    <span className="proof-pin" title={`File #${c.pin.jobFileId}`}>
                      {c.pin.number}
                    </span>
                  )}{" "}
                  {c.body}
                  {c.pin && (
                    <span className="muted">
                      {" "}
                      (at {Math.round(c.pin.x * 100)}% across, {Math.round(c.pin.y * 100)}% down)
                    </span>
                  )}
                  <span className="muted"> · {c.authorName}</span>
                </li>
              ))}
            </ol>
          )}
          {p.decidedAt && (
            <p className="muted">
              {p.state === "approved" ? `Approved by ${p.decisionName}` : "Answered"} on{" "}
              {formatTime(p.decidedAt)}
              {p.decisionIp ? ` from ${p.decisionIp}` : ""}
            </p>
          )}
        </div>
      ))}
      <form onSubmit={send} aria-label="Send a proof">
        <h3>Send version {(latest?.version ?? 0) + 1}</h3>
        {files.length === 0 && <p className="muted">Attach the proof's files to the job first.</p>}
        <fieldset>
          <legend>Files of the proof</legend>
          {files.map((f) => (
            <label key={f.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(f.id)}
                onChange={(e) =>
                  setChosen((c) =>
                    e.target.checked ? [...c, f.id] : c.filter((id) => id !== f.id),
                  )
                }
              />
              {f.fileName}
              {f.visibleToCustomer ? "" : " (internal: sending shows it to the customer)"}
            </label>
          ))}
        </fieldset>
        <label>
          Message to the customer
          <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={2} />
        </label>
        {error && <p className="error">{error}</p>}
        {queued && <p className="muted">Queued: it is sent when the server answers.</p>}
        <button type="submit" className="primary">
          Send proof
        </button>
      </form>
    </section>
  );
}
