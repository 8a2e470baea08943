import { useQuery } from "@tanstack/react-query";
import { PROOF_STATE_LABELS } from "@traveler/api/schemas";
import { type FormEvent, useState } from "react";
import { client, errorText, formatTime, type Outputs } from "../client.ts";
import { useCacheQuery, useStatus } from "../use-data.ts";

type Proof = Outputs["jobs"]["proofs"]["proofs"][number];
type ProofFile = Proof["files"][number];

/**
 * The job's proof in the editor: each version's state (waiting / approved / changes requested,
 * live as sync delivers the customer's answer), the shop's message, the customer's comments with
 * their pins drawn on the proof's image (and listed by number and spot for screen readers and
 * when the image is not on this computer), and sending the next version from files already on
 * the job (queued offline like every write).
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
          {p.files
            .filter((f) => f.hasImage)
            .map((f) => (
              <ProofImageWithPins key={f.jobFileId} jobNumber={jobNumber} proof={p} file={f} />
            ))}
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

/**
 * A proof file's image with the customer's pins drawn where they put them (x/y fractions of the
 * image, so they follow it as it scales), numbered as in the comment list below. The image
 * comes from the core (cached beside the local cache once seen); without it, a line says so and
 * the list gives each pin's position. The drawn pins are decoration for sighted staff: the list
 * is what a screen reader reads.
 */
function ProofImageWithPins({
  jobNumber,
  proof,
  file,
}: {
  jobNumber: string;
  proof: Proof;
  file: ProofFile;
}) {
  const online = useStatus().data?.state === "online";
  const image = useQuery({
    queryKey: ["proof-image", jobNumber, file.jobFileId, file.sha256, online],
    queryFn: () => client.jobs.proofImage.query({ jobNumber, fileId: file.jobFileId }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const pins = proof.comments.flatMap((c) =>
    c.pin && c.pin.jobFileId === file.jobFileId ? [c.pin] : [],
  );
  const name = file.fileName ?? `file #${file.jobFileId}`;
  if (!image.data) return null;
  if (image.data.state !== "ready") {
    return (
      <p className="muted" data-testid="proof-image-unavailable">
        {name}: the image is not available
        {image.data.reason === "offline" ? " offline (it shows once it has been seen online)" : ""}.
        {pins.length > 0 ? " The pins are listed with their positions below." : ""}
      </p>
    );
  }
  return (
    <figure className="proof-figure">
      <div className="proof-canvas" data-testid="proof-canvas">
        <img
          src={`data:${image.data.contentType};base64,${image.data.base64}`}
          alt={`Proof version ${proof.version}: ${name}${pins.length > 0 ? `, with ${pins.length} ${pins.length === 1 ? "pin" : "pins"} (listed below)` : ""}`}
        />
        {pins.map((pin) => (
          <span
            key={pin.number}
            className="proof-pin proof-pin-on-image"
            data-testid="proof-pin-on-image"
            aria-hidden="true"
            style={{ left: `${pin.x * 100}%`, top: `${pin.y * 100}%` }}
          >
            {pin.number}
          </span>
        ))}
      </div>
      <figcaption className="muted small-text">
        {name}
        {image.data.variant === "preview" ? " (preview)" : ""}
      </figcaption>
    </figure>
  );
}
