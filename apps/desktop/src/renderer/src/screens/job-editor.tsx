import { useQuery } from "@tanstack/react-query";
import { describeDueChange, shortSha256 } from "@traveler/api/schemas";
import { type FormEvent, useEffect, useState } from "react";
import {
  changedFields,
  client,
  errorText,
  formatTime,
  type JobDetail,
  outcomeText,
  STATUS_LABELS,
} from "../client.ts";
import { useCacheQuery } from "../use-data.ts";
import { CustomerPicker } from "./customer-picker.tsx";
import { JobFiles } from "./job-files.tsx";
import { JobProofs } from "./job-proofs.tsx";
import { JobRating } from "./job-rating.tsx";
import { PrintActions } from "./print-actions.tsx";
import { StatusDialog } from "./status-dialog.tsx";
import { fileToBase64, UploadPicker } from "./upload-picker.tsx";

interface Fields {
  title: string;
  description: string;
  quantity: number;
  specialInstructions: string;
  specifications: { name: string; value: string }[];
  estimatedCompletion: string;
  customerNotes: string;
  shopNotes: string;
  ownerId: number | null;
  rush: boolean;
}

const EMPTY: Fields = {
  title: "",
  description: "",
  quantity: 1,
  specialInstructions: "",
  specifications: [],
  estimatedCompletion: "",
  customerNotes: "",
  shopNotes: "",
  ownerId: null,
  rush: false,
};

function fieldsOf(job: JobDetail): Fields {
  return {
    title: job.title,
    description: job.description,
    quantity: job.quantity,
    specialInstructions: job.specialInstructions,
    specifications: job.specifications,
    estimatedCompletion: job.estimatedCompletion ?? "",
    customerNotes: job.customerNotes,
    shopNotes: job.shopNotes,
    ownerId: job.ownerId,
    rush: job.rush,
  };
}

/** The editor's values as the API takes them. */
function toWire(f: Fields) {
  return {
    title: f.title,
    description: f.description,
    quantity: f.quantity,
    specialInstructions: f.specialInstructions,
    specifications: f.specifications.filter((sp) => sp.name.trim() !== ""),
    estimatedCompletion: f.estimatedCompletion || null,
    customerNotes: f.customerNotes,
    shopNotes: f.shopNotes,
    ownerId: f.ownerId,
    rush: f.rush,
  };
}

export function JobEditor(props: {
  jobNumber: string | null;
  customerId?: number | undefined;
  onDone: () => void;
  open: (jobNumber: string) => void;
}) {
  const job = useCacheQuery(["job", props.jobNumber], () =>
    props.jobNumber ? client.jobs.get.query({ jobNumber: props.jobNumber }) : Promise.resolve(null),
  );
  // A job created here shows as "new:<id>" until its create is pushed; then it has a number.
  const queued = props.jobNumber?.startsWith("new:") ? props.jobNumber : null;
  const created = useCacheQuery(["created", queued], () =>
    queued ? client.createdKey.query({ key: queued }) : Promise.resolve({ key: null }),
  );
  const { open } = props;
  const createdKey = created.data?.key ?? null;
  useEffect(() => {
    if (createdKey) open(createdKey);
  }, [createdKey, open]);
  if (queued && (createdKey || job.error)) return <p className="muted">Opening…</p>;
  if (props.jobNumber && job.error) return <p className="error">{errorText(job.error)}</p>;
  if (props.jobNumber && !job.data) return <p className="muted">Loading…</p>;
  return (
    <EditorForm
      job={job.data ?? null}
      customerId={props.customerId}
      onDone={props.onDone}
      open={open}
    />
  );
}

function EditorForm({
  job,
  customerId,
  onDone,
  open,
}: {
  job: JobDetail | null;
  customerId?: number | undefined;
  onDone: () => void;
  open: (jobNumber: string) => void;
}) {
  const [fields, setFields] = useState<Fields>(job ? fieldsOf(job) : EMPTY);
  // The values this edit started from: the server merges per field against them, so a status
  // change or a colleague's edit of other fields never conflicts; a change of the same field by
  // someone else is a conflict, never silently overwritten.
  const [base, setBase] = useState(job ? { version: job.version, fields: fieldsOf(job) } : null);
  const [customer, setCustomer] = useState<number | "">(customerId ?? job?.customerId ?? "");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [statusOpen, setStatusOpen] = useState(false);
  const [dueReason, setDueReason] = useState("");
  const staff = useCacheQuery(["staff-cached"], () => client.staffUsers.cached.query());
  const startedDue = (base?.fields ?? (job ? fieldsOf(job) : EMPTY)).estimatedCompletion;
  const dueMoved = job !== null && fields.estimatedCompletion !== startedDue;
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) =>
    setFields((f) => ({ ...f, [key]: value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const values = toWire(fields);
      if (!job) {
        if (customer === "") throw new Error("Choose a customer.");
        const created = await client.jobs.create.mutate({ customerId: customer, ...values });
        // The new job opens (as queued until it is uploaded, then by its number).
        open(created.key);
        return;
      }
      const started = toWire(base?.fields ?? fieldsOf(job));
      const patch = changedFields(started, values);
      if (Object.keys(patch).length === 0) {
        setMessage("Nothing changed.");
        return;
      }
      const version = base?.version ?? job.version;
      setMessage(null);
      const outcome = await client.jobs.update.mutate({
        jobNumber: job.jobNumber,
        version,
        patch,
        base: started,
        ...(dueMoved && dueReason.trim() ? { dueReason: dueReason.trim() } : {}),
      });
      const text = outcomeText(outcome);
      if ("error" in text) {
        setError(text.error);
        return;
      }
      // Further edits in this form start from what was just saved.
      setBase({ version, fields: { ...fields } });
      setDueReason("");
      setMessage(text.ok);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="editor">
      <header className="screen-header">
        <h1>{job ? `${job.jobNumber} · ${job.title}` : "New job"}</h1>
        {job && (
          <>
            <span className={`status status-${job.status}`}>{STATUS_LABELS[job.status]}</span>
            {job.pending && <span className="pill pending-pill">Pending upload</span>}
            <button type="button" className="primary" onClick={() => setStatusOpen(true)}>
              Change status…
            </button>
            {job.id !== null && (
              <PrintActions target={{ jobNumber: job.jobNumber }} label="Print traveler" />
            )}
          </>
        )}
      </header>
      <div className="editor-grid">
        <form className="card" onSubmit={save} aria-label="Job details">
          <CustomerPicker
            value={customer}
            onChange={setCustomer}
            locked={Boolean(job)}
            label={job ? job.customerName : undefined}
          />
          <label>
            Title
            <input
              name="title"
              value={fields.title}
              onChange={(e) => set("title", e.target.value)}
              required
              maxLength={200}
            />
          </label>
          <div className="row">
            <label>
              Quantity
              <input
                name="quantity"
                type="number"
                min={1}
                value={fields.quantity}
                onChange={(e) => set("quantity", Number(e.target.value))}
              />
            </label>
            <label>
              Estimated completion
              <input
                name="estimatedCompletion"
                type="date"
                value={fields.estimatedCompletion}
                onChange={(e) => set("estimatedCompletion", e.target.value)}
              />
            </label>
          </div>
          {dueMoved && (
            <label>
              Reason for the new date (the customer sees it)
              <input
                name="dueReason"
                maxLength={500}
                value={dueReason}
                placeholder="e.g. The vinyl delivery is running late"
                onChange={(e) => setDueReason(e.target.value)}
              />
            </label>
          )}
          <div className="row">
            <label>
              Owner
              <select
                name="ownerId"
                value={fields.ownerId === null ? "" : String(fields.ownerId)}
                onChange={(e) =>
                  set("ownerId", e.target.value === "" ? null : Number(e.target.value))
                }
              >
                <option value="">Nobody yet</option>
                {(staff.data ?? [])
                  .filter((s) => s.active || s.id === fields.ownerId)
                  .map((s) => (
                    <option key={s.id} value={String(s.id)}>
                      {s.displayName}
                    </option>
                  ))}
              </select>
            </label>
            <label className="check">
              <input
                name="rush"
                type="checkbox"
                checked={fields.rush}
                onChange={(e) => set("rush", e.target.checked)}
              />{" "}
              Rush job
            </label>
          </div>
          <label>
            Description
            <textarea
              name="description"
              rows={3}
              value={fields.description}
              onChange={(e) => set("description", e.target.value)}
            />
          </label>
          <label>
            Special instructions
            <textarea
              name="specialInstructions"
              rows={2}
              value={fields.specialInstructions}
              onChange={(e) => set("specialInstructions", e.target.value)}
            />
          </label>
          <fieldset className="specs">
            <legend>Specifications</legend>
            {fields.specifications.map((sp, idx) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: spec rows have no identity but their position
              <div className="row" key={`spec-${idx}`}>
                <input
                  aria-label={`Specification ${idx + 1} name`}
                  placeholder="e.g. Material"
                  value={sp.name}
                  onChange={(e) =>
                    set(
                      "specifications",
                      fields.specifications.map((x, k) =>
                        k === idx ? { ...x, name: e.target.value } : x,
                      ),
                    )
                  }
                />
                <input
                  aria-label={`Specification ${idx + 1} value`}
                  placeholder="e.g. 3 mm aluminium"
                  value={sp.value}
                  onChange={(e) =>
                    set(
                      "specifications",
                      fields.specifications.map((x, k) =>
                        k === idx ? { ...x, value: e.target.value } : x,
                      ),
                    )
                  }
                />
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove specification ${idx + 1}`}
                  onClick={() =>
                    set(
                      "specifications",
                      fields.specifications.filter((_, k) => k !== idx),
                    )
                  }
                >
                  ×
                </button>
              </div>
            ))}
            <button
              type="button"
              className="small"
              onClick={() =>
                set("specifications", [...fields.specifications, { name: "", value: "" }])
              }
            >
              + Add specification
            </button>
          </fieldset>
          <fieldset className="notes customer-visible">
            <legend>Notes for the customer (visible in the portal)</legend>
            <textarea
              name="customerNotes"
              rows={3}
              value={fields.customerNotes}
              onChange={(e) => set("customerNotes", e.target.value)}
            />
          </fieldset>
          <fieldset className="notes internal">
            <legend>Internal shop notes (never shown to the customer)</legend>
            <textarea
              name="shopNotes"
              rows={3}
              value={fields.shopNotes}
              onChange={(e) => set("shopNotes", e.target.value)}
            />
          </fieldset>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {message && <p className="ok">{message}</p>}
          <div className="actions">
            <button type="button" onClick={onDone}>
              Back
            </button>
            <button type="submit" className="primary">
              {job ? "Save changes" : "Create job"}
            </button>
          </div>
        </form>
        {job && (
          <div className="side">
            <ProgressCard key={job.progress} job={job} />
            {job.status === "completed" && !job.jobNumber.startsWith("new:") && (
              <JobRating jobNumber={job.jobNumber} />
            )}
            <Timeline job={job} />
            <JobFiles job={job} />
            <JobProofs jobNumber={job.jobNumber} />
            <Photos job={job} />
          </div>
        )}
      </div>
      {job && statusOpen && (
        <StatusDialog
          jobNumber={job.jobNumber}
          current={job.status}
          onClose={() => setStatusOpen(false)}
        />
      )}
    </section>
  );
}

function ProgressCard({ job }: { job: JobDetail }) {
  const [progress, setProgress] = useState(job.progress);
  return (
    <div className="card">
      <h2>Progress</h2>
      <div className="row">
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={progress}
          onChange={(e) => setProgress(Number(e.target.value))}
          aria-label="Progress"
        />
        <strong>{progress}%</strong>
        <button
          type="button"
          disabled={progress === job.progress}
          onClick={() =>
            client.jobs.setProgress.mutate({
              jobNumber: job.jobNumber,
              progress,
              visibleToCustomer: true,
            })
          }
        >
          Update
        </button>
      </div>
    </div>
  );
}

/** The job's story from the cache (offline too): status changes and every proof version's events. */
function Timeline({ job }: { job: JobDetail }) {
  return (
    <div className="card">
      <h2>Timeline</h2>
      <ol className="timeline">
        {job.timeline.map((event) => (
          <li
            key={event.key}
            className={
              event.type === "status" ? (event.entry.pending ? "pending" : "") : "timeline-proof"
            }
          >
            <TimelineEntry event={event} />
          </li>
        ))}
        {job.timeline.length === 0 && <li className="muted">No status changes yet.</li>}
      </ol>
    </div>
  );
}

function TimelineEntry({ event }: { event: JobDetail["timeline"][number] }) {
  switch (event.type) {
    case "status": {
      const h = event.entry;
      return (
        <>
          <div>
            {h.kind === "due" ? (
              <strong>New date: {describeDueChange(h.dueFrom, h.dueTo)}</strong>
            ) : (
              <strong>{STATUS_LABELS[h.status]}</strong>
            )}
            {h.progress !== null && <span className="muted"> · {h.progress}%</span>}
            <span className={h.visibleToCustomer ? "tag visible" : "tag internal"}>
              {h.visibleToCustomer ? "Customer sees this" : "Internal"}
            </span>
          </div>
          {h.notes && <p>{h.notes}</p>}
          <div className="muted">
            {h.pending ? "Queued" : formatTime(h.createdAt)}
            {h.updatedBy ? ` · ${h.updatedBy}` : ""}
          </div>
        </>
      );
    }
    case "proof_sent":
      return (
        <>
          <div>
            <strong>Proof version {event.version} sent</strong>
            {event.files.length > 0 && `: ${event.files.map((f) => f.fileName).join(", ")}`}
          </div>
          {event.message && <p className="proof-message">{event.message}</p>}
          <div className="muted">
            {formatTime(event.at)}
            {event.sentBy ? ` · ${event.sentBy}` : ""}
          </div>
        </>
      );
    case "proof_comment":
      return (
        <>
          <div>
            {event.pin !== null ? (
              <>
                <span className="proof-pin" aria-hidden="true">
                  {event.pin}
                </span>{" "}
                <strong>
                  Pin {event.pin} on version {event.version}
                </strong>
              </>
            ) : (
              <strong>Comment on version {event.version}</strong>
            )}
          </div>
          <p>{event.body}</p>
          <div className="muted">
            {formatTime(event.at)} · {event.authorName}
          </div>
        </>
      );
    case "proof_changes_requested":
      return (
        <>
          <div>
            <strong>Changes requested on version {event.version}</strong>
          </div>
          {event.comment && <p>{event.comment}</p>}
          <div className="muted">
            {formatTime(event.at)}
            <DecisionOrigin ip={event.ip} userAgent={event.userAgent} />
          </div>
        </>
      );
    case "proof_approved":
      return (
        <>
          <div>
            <strong>
              Version {event.version} approved by {event.name}
            </strong>
          </div>
          {event.files.length > 0 && (
            <p>
              {event.files.map((f, i) => (
                <span key={`${f.fileName}-${f.sha256}`}>
                  {i > 0 && ", "}
                  {f.fileName} <code title={f.sha256}>{shortSha256(f.sha256)}</code>
                </span>
              ))}
            </p>
          )}
          <div className="muted">
            {formatTime(event.at)}
            <DecisionOrigin ip={event.ip} userAgent={event.userAgent} />
          </div>
        </>
      );
    case "proof_superseded":
      return (
        <>
          <div>
            <strong>
              Version {event.version} superseded by version {event.by}
            </strong>
          </div>
          <div className="muted">{formatTime(event.at)}</div>
        </>
      );
  }
}

/** " · from 203.0.113.7 (user agent)" for a customer's decision. */
function DecisionOrigin({ ip, userAgent }: { ip?: string | null; userAgent?: string | null }) {
  if (!ip && !userAgent) return null;
  return (
    <>
      {` · from ${ip ?? "an unknown address"}`}
      {userAgent ? ` (${userAgent})` : ""}
    </>
  );
}

function Photos({ job }: { job: JobDetail }) {
  const [error, setError] = useState<string | null>(null);
  async function upload(file: File, caption: string, visibleToCustomer: boolean) {
    setError(null);
    if (file.size > 10 * 1024 * 1024) {
      setError("Photos can be at most 10 MB.");
      return;
    }
    await client.jobs.addPhoto.mutate({
      jobNumber: job.jobNumber,
      base64: await fileToBase64(file),
      caption: caption || undefined,
      visibleToCustomer,
    });
  }
  return (
    <div className="card">
      <h2>Photos</h2>
      <div className="photos">
        {job.photos.map((p) => (
          <figure key={p.id}>
            <Thumb photoId={p.id} />
            <figcaption>
              {p.caption || <span className="muted">No caption</span>}
              <label className="check">
                <input
                  type="checkbox"
                  checked={p.visibleToCustomer}
                  onChange={(e) =>
                    client.jobs.setPhotoVisibility.mutate({
                      jobNumber: job.jobNumber,
                      photoId: p.id,
                      visibleToCustomer: e.target.checked,
                    })
                  }
                />
                Customer can see
              </label>
            </figcaption>
          </figure>
        ))}
        {job.photos.length === 0 && <p className="muted">No photos yet.</p>}
      </div>
      <UploadPicker what="photo" accept="image/jpeg,image/png,image/webp" onPick={upload} />
      {error && <p className="error">{error}</p>}
    </div>
  );
}

function Thumb({ photoId }: { photoId: number }) {
  const photo = useQuery({
    queryKey: ["photo", photoId],
    queryFn: () => client.jobs.photo.query({ photoId, variant: "thumb" }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!photo.data) return <div className="thumb placeholder">{photo.error ? "Offline" : "…"}</div>;
  return (
    <img
      className="thumb"
      alt=""
      src={`data:${photo.data.contentType};base64,${photo.data.base64}`}
    />
  );
}
