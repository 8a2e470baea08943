import { type FormEvent, useState } from "react";
import { client, errorText, type JobStatus, STATUS_LABELS, STATUSES } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";

/** Move a job to a status with a note; the note is internal unless "show to customer" is ticked. */
export function StatusDialog(props: {
  jobNumber: string;
  current: JobStatus;
  initial?: JobStatus;
  onClose: () => void;
}) {
  const next = STATUSES[Math.min(STATUSES.indexOf(props.current) + 1, STATUSES.length - 1)]!;
  const [status, setStatus] = useState<JobStatus>(props.initial ?? next);
  const [note, setNote] = useState("");
  const [visible, setVisible] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // A proof waiting for the customer: moving past Not started needs an explicit, audited override.
  const proofs = useCacheQuery(["proofs", props.jobNumber], () =>
    client.jobs.proofs.query({ jobNumber: props.jobNumber }),
  );
  const waiting = proofs.data?.proofs.find((p) => p.state === "waiting");
  const guarded = Boolean(waiting) && status !== "not_started" && status !== props.current;
  const [override, setOverride] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await client.jobs.setStatus.mutate({
        jobNumber: props.jobNumber,
        status,
        note: note.trim() || undefined,
        visibleToCustomer: visible,
        overrideProof: guarded && override ? true : undefined,
      });
      props.onClose();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="modal-backdrop">
      <form
        className="modal card"
        onSubmit={submit}
        aria-label={`Change status of ${props.jobNumber}`}
      >
        <h2>Change status · {props.jobNumber}</h2>
        <label>
          New status
          <select
            name="status"
            value={status}
            onChange={(e) => setStatus(e.target.value as JobStatus)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Note
          <textarea name="note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="visibleToCustomer"
            checked={visible}
            onChange={(e) => setVisible(e.target.checked)}
          />
          Show this update to the customer (portal + email)
        </label>
        {!visible && <p className="muted">Internal: only shop staff will see this note.</p>}
        {guarded && waiting && (
          <div className="warning" role="alert">
            <p>
              Proof version {waiting.version} is waiting for the customer's approval. Moving the job
              past Not started needs an override (it is recorded in the audit log).
            </p>
            <label className="check">
              <input
                type="checkbox"
                name="overrideProof"
                checked={override}
                onChange={(e) => setOverride(e.target.checked)}
              />
              Go ahead without the customer's approval
            </label>
          </div>
        )}
        {error && <p className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={guarded && !override}>
            Save status
          </button>
        </div>
      </form>
    </div>
  );
}
