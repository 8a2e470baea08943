import { Link } from "@remix-run/react";
import { PROOF_STATE_LABELS, type ProofTimelineEntry } from "@traveler/api/schemas";
import { formatDateTime } from "../lib/format.ts";

/** The job's proof versions in its story: sent, and how each was answered (read-only). */
export function ProofTimeline({
  jobNumber,
  entries,
  timeZone,
}: {
  jobNumber: string;
  entries: ProofTimelineEntry[];
  timeZone: string;
}) {
  if (entries.length === 0) return null;
  return (
    <section className="card shadow-sm" aria-labelledby="proofs-heading">
      <div className="card-body">
        <h2 className="h5" id="proofs-heading">
          Proofs
        </h2>
        <ol className="timeline mb-2">
          {entries.map((e) => (
            <li key={e.version}>
              <strong>Version {e.version}</strong>: {PROOF_STATE_LABELS[e.state]}
              <br />
              <span className="small text-body-secondary">
                Sent {formatDateTime(e.sentAt, timeZone)}
                {e.decidedAt ? ` · answered ${formatDateTime(e.decidedAt, timeZone)}` : ""}
              </span>
            </li>
          ))}
        </ol>
        <Link to={`/customer/job/${jobNumber}/proof`}>
          See the proof, its versions and comments
        </Link>
      </div>
    </section>
  );
}
