import type { ProofOutput } from "@traveler/api/schemas";
import { PROOF_STATE_LABELS } from "@traveler/api/schemas";
import { formatDateTime } from "../lib/format.ts";
import {
  type FileAudience,
  fileKind,
  formatBytes,
  isInlineImage,
  proofFileUrl,
} from "../lib/proof-files.ts";

const STATE_CLASS: Record<ProofOutput["state"], string> = {
  waiting: "text-bg-warning",
  approved: "text-bg-success",
  changes_requested: "text-bg-danger",
  superseded: "text-bg-secondary",
};

export function ProofStateBadge({ state }: { state: ProofOutput["state"] }) {
  return <span className={`badge ${STATE_CLASS[state]}`}>{PROOF_STATE_LABELS[state]}</span>;
}

/**
 * A proof version's files: images full width with their pins drawn at the same spots (x/y are
 * fractions of the image), each with a plain link to the full image (zoom with the phone's own
 * viewer, or pinch); other files (PDF) as a link that opens in the phone's viewer. With
 * `pinnable`, images carry `data-proof-file` so the pins module can add pins by tapping.
 */
export function ProofFiles({
  proof,
  jobNumber,
  audience,
  pinnable = false,
}: {
  proof: ProofOutput;
  jobNumber: string;
  audience: FileAudience;
  pinnable?: boolean;
}) {
  return (
    <ul className="list-unstyled proof-files mb-3">
      {proof.files.map((file) => {
        const url = proofFileUrl(audience, jobNumber, file.id);
        const pins = proof.comments.filter((c) => c.pin?.fileId === file.id);
        if (!isInlineImage(file.contentType)) {
          return (
            <li key={file.id} className="mb-2">
              <a
                href={url}
                className="btn btn-outline-primary touch-target"
                target="_blank"
                rel="noreferrer"
              >
                Open {file.fileName} ({fileKind(file.contentType)}, {formatBytes(file.byteSize)})
                <span className="visually-hidden"> in a new tab</span>
              </a>
            </li>
          );
        }
        return (
          <li key={file.id} className="mb-3">
            <figure className="m-0">
              <div
                className="proof-canvas"
                {...(pinnable ? { "data-proof-file": String(file.id) } : {})}
              >
                <img src={url} alt={`Proof version ${proof.version}: ${file.fileName}`} />
                {pins.map((c) =>
                  c.pin ? (
                    <span
                      key={c.id}
                      className="proof-pin"
                      style={{
                        left: `${(c.pin.x * 100).toFixed(2)}%`,
                        top: `${(c.pin.y * 100).toFixed(2)}%`,
                      }}
                      aria-hidden="true"
                    >
                      {c.pin.number}
                    </span>
                  ) : null,
                )}
              </div>
              <figcaption className="small mt-1">
                {file.fileName} ·{" "}
                <a href={url} target="_blank" rel="noreferrer">
                  Open full size<span className="visually-hidden"> (new tab)</span>
                </a>
              </figcaption>
            </figure>
          </li>
        );
      })}
    </ul>
  );
}

/** The shop's message, the customer's comments (pins by number) and the decision, read-only. */
export function ProofConversation({ proof, timeZone }: { proof: ProofOutput; timeZone: string }) {
  return (
    <>
      {proof.message ? (
        <blockquote className="proof-message white-space-pre-line mb-3">{proof.message}</blockquote>
      ) : null}
      {proof.comments.length > 0 ? (
        <>
          <h4 className="h6">Changes asked for</h4>
          <ol className="list-unstyled proof-comments">
            {proof.comments.map((c) => (
              <li key={c.id} className="mb-2">
                {c.pin ? (
                  <>
                    <span className="proof-pin proof-pin-inline" aria-hidden="true">
                      {c.pin.number}
                    </span>
                    <span className="visually-hidden">Pin {c.pin.number}:</span>
                  </>
                ) : null}{" "}
                <span className="white-space-pre-line">{c.body}</span>
                <br />
                <span className="small text-body-secondary">
                  {c.authorName} · {formatDateTime(c.createdAt, timeZone)}
                </span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {proof.decision ? (
        <p className="mb-0">
          {proof.state === "approved" ? (
            <>
              <strong>Approved</strong> by {proof.decision.name} on{" "}
              {formatDateTime(proof.decision.at, timeZone)}.
            </>
          ) : (
            <>
              <strong>Changes requested</strong> on {formatDateTime(proof.decision.at, timeZone)}.
            </>
          )}
        </p>
      ) : null}
    </>
  );
}

/** "Version 2 · sent 3 Dec 2026, 14:05 by Sam" */
export function ProofHeading({
  proof,
  timeZone,
  level = 3,
  id,
  showState = true,
}: {
  proof: ProofOutput;
  timeZone: string;
  level?: 2 | 3;
  id?: string;
  /** Off where the state already shows beside it (a folded version's summary). */
  showState?: boolean;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
      <Heading className="h5 m-0 me-auto" id={id}>
        Version {proof.version}
      </Heading>
      {showState ? <ProofStateBadge state={proof.state} /> : null}
      <span className="w-100 small text-body-secondary">
        Sent {formatDateTime(proof.sentAt, timeZone)}
        {proof.sentBy ? ` by ${proof.sentBy}` : ""}
      </span>
    </div>
  );
}
