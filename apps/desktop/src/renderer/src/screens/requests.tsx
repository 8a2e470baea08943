import { formatDay, QUOTE_STATUS_LABELS } from "@traveler/api/schemas";
import { type FormEvent, useState } from "react";
import { client, errorText, formatShopPrice, formatTime, type Outputs } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";
import { AttachmentList } from "./attachment-list.tsx";

type Request = Outputs["quotes"]["list"][number];

/**
 * The Requests inbox (issue 14): customers' quote requests from the cache, those waiting for the
 * shop first. Quote, decline or turn into a job; each answer is queued like every write.
 */
export function Requests({ openJob }: { openJob: (jobNumber: string) => void }) {
  const list = useCacheQuery(["quote-requests"], () => client.quotes.list.query());
  const [open, setOpen] = useState<string | null>(null);
  const items = list.data ?? [];
  const selected = items.find((r) => r.requestNumber === open) ?? null;
  return (
    <section className="requests-screen">
      <header className="screen-header">
        <h1>Requests</h1>
        <span className="muted">Quote requests from customers, waiting ones first</span>
      </header>
      <div className="inbox-layout">
        {items.length === 0 ? (
          <p className="muted">No quote requests yet.</p>
        ) : (
          <ul className="inbox-list" aria-label="Quote requests">
            {items.map((r) => (
              <li
                key={r.requestNumber}
                className={open === r.requestNumber ? "card selected" : "card"}
              >
                <button
                  type="button"
                  className="card-open"
                  onClick={() => setOpen(r.requestNumber)}
                >
                  <strong>
                    {r.customerName} · {r.what}
                  </strong>
                  <span className="block muted">
                    {r.requestNumber} · {QUOTE_STATUS_LABELS[r.status]}
                    {r.files.length > 0
                      ? ` · ${r.files.length} ${r.files.length === 1 ? "file" : "files"}`
                      : ""}
                    {r.pending ? " · answer queued" : ""}
                  </span>
                  <span className="block muted small-text">Asked {formatTime(r.createdAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {selected ? (
          <RequestDetail key={selected.requestNumber} request={selected} openJob={openJob} />
        ) : null}
      </div>
    </section>
  );
}

function RequestDetail({ request, openJob }: { request: Request; openJob: (n: string) => void }) {
  const [price, setPrice] = useState("");
  const [validUntil, setValidUntil] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const canAnswer = request.status === "requested" || request.status === "quoted";
  const canConvert = canAnswer || request.status === "accepted";

  async function run(action: () => Promise<unknown>, message: string) {
    setError(null);
    try {
      await action();
      setDone(message);
    } catch (e) {
      setError(errorText(e));
    }
  }
  function quote(event: FormEvent) {
    event.preventDefault();
    const cents = Math.round(Number(price.replace(",", ".")) * 100);
    void run(
      () =>
        client.quotes.quote.mutate({
          requestNumber: request.requestNumber,
          priceCents: cents,
          validUntil,
        }),
      "Quote queued.",
    );
  }
  return (
    <section className="card conversation" aria-label={`Request ${request.requestNumber}`}>
      <h2>
        {request.requestNumber}: {request.what}
      </h2>
      <p>
        {request.customerName} · quantity {request.quantity}
        {request.neededBy ? ` · needed by ${formatDay(request.neededBy)}` : ""}
      </p>
      {request.notes ? <p className="pre-line">{request.notes}</p> : null}
      {request.files.length > 0 ? (
        <>
          <h3>Files</h3>
          <AttachmentList
            files={request.files}
            label={`Files of ${request.requestNumber}`}
            download={(fileId) =>
              client.quotes.file.query({ requestNumber: request.requestNumber, fileId })
            }
          />
        </>
      ) : request.status === "converted" ? (
        <p className="muted">Its files, if any, are now the job's files.</p>
      ) : null}
      <p>
        <strong>{QUOTE_STATUS_LABELS[request.status]}</strong>
        {request.priceCents !== null ? ` · ${formatShopPrice(request.priceCents)}` : ""}
        {request.validUntil ? ` · valid until ${formatDay(request.validUntil)}` : ""}
        {request.acceptedName ? ` · accepted by ${request.acceptedName}` : ""}
        {request.status === "declined" ? ` · ${request.declineReason}` : ""}
      </p>
      {request.jobNumber ? (
        <button type="button" onClick={() => openJob(request.jobNumber!)}>
          Open job {request.jobNumber}
        </button>
      ) : null}
      {done ? (
        <p role="status" className="muted">
          {done}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {canAnswer ? (
        <form onSubmit={quote} aria-label="Quote a price">
          <label>
            Price
            <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </label>
          <label>
            Valid until
            <input type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
          </label>
          <button type="submit" className="primary">
            Send quote
          </button>
        </form>
      ) : null}
      {canConvert ? (
        <button
          type="button"
          onClick={() =>
            void run(
              () => client.quotes.convert.mutate({ requestNumber: request.requestNumber }),
              "Job creation queued: the job appears when it is synced.",
            )
          }
        >
          Turn into a job
        </button>
      ) : null}
      {canAnswer ? (
        <form
          aria-label="Decline the request"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => client.quotes.decline.mutate({ requestNumber: request.requestNumber, reason }),
              "Decline queued.",
            );
          }}
        >
          <label>
            Reason for declining
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" disabled={reason.trim() === ""}>
            Decline
          </button>
        </form>
      ) : null}
    </section>
  );
}
