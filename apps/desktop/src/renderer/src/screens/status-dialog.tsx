import { type FormEvent, useState } from "react";
import { client, errorText, type JobStatus, STATUS_LABELS, STATUSES } from "../client.ts";

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

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await client.jobs.setStatus.mutate({
        jobNumber: props.jobNumber,
        status,
        note: note.trim() || undefined,
        visibleToCustomer: visible,
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
        {error && <p className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save status
          </button>
        </div>
      </form>
    </div>
  );
}
