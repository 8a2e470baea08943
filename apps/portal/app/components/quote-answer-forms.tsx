import { Form } from "@remix-run/react";
import type { QuoteStatusValue } from "@traveler/api/schemas";
import { SubmitButton } from "./submit-button.tsx";

/** The shop's answers to a request, each a plain form: quote, decline, convert to a job. */
export function QuoteAnswerForms({
  status,
  formKey,
}: {
  status: QuoteStatusValue;
  formKey: string;
}) {
  const canAnswer = status === "requested" || status === "quoted";
  const canConvert = canAnswer || status === "accepted";
  if (!canConvert) return null;
  return (
    <div className="d-flex flex-column gap-3">
      {canAnswer ? (
        <Form method="post" className="card shadow-sm">
          <div className="card-body">
            <h2 className="h5">{status === "quoted" ? "Quote again" : "Quote a price"}</h2>
            <input type="hidden" name="idempotencyKey" value={`${formKey}-quote`} />
            <div className="row g-2">
              <div className="col-sm-6">
                <label htmlFor="price" className="form-label fw-semibold">
                  Price
                </label>
                <input
                  id="price"
                  name="price"
                  inputMode="decimal"
                  className="form-control"
                  required
                />
              </div>
              <div className="col-sm-6">
                <label htmlFor="validUntil" className="form-label fw-semibold">
                  Valid until
                </label>
                <input
                  id="validUntil"
                  name="validUntil"
                  type="date"
                  className="form-control"
                  required
                />
              </div>
              <div className="col-12">
                <label htmlFor="note" className="form-label fw-semibold">
                  Note for the customer <span className="fw-normal">(optional)</span>
                </label>
                <textarea
                  id="note"
                  name="note"
                  rows={2}
                  maxLength={2000}
                  className="form-control"
                />
              </div>
            </div>
            <SubmitButton
              pendingText="Sending…"
              className="btn btn-primary mt-3"
              name="intent"
              value="quote"
            >
              Send the quote
            </SubmitButton>
          </div>
        </Form>
      ) : null}
      <Form method="post" className="card shadow-sm">
        <div className="card-body">
          <h2 className="h5">Turn into a job</h2>
          <p className="mb-2">Creates the job with this request's fields and opens it.</p>
          <input type="hidden" name="idempotencyKey" value={`${formKey}-convert`} />
          <SubmitButton
            pendingText="Creating…"
            className="btn btn-success"
            name="intent"
            value="convert"
          >
            Create the job
          </SubmitButton>
        </div>
      </Form>
      {canAnswer ? (
        <Form method="post" className="card shadow-sm">
          <div className="card-body">
            <h2 className="h5">Decline</h2>
            <input type="hidden" name="idempotencyKey" value={`${formKey}-decline`} />
            <label htmlFor="reason" className="form-label fw-semibold">
              Reason (the customer sees it)
            </label>
            <textarea
              id="reason"
              name="reason"
              rows={2}
              maxLength={2000}
              className="form-control"
              required
            />
            <SubmitButton
              pendingText="Declining…"
              className="btn btn-outline-danger mt-2"
              name="intent"
              value="decline"
            >
              Decline the request
            </SubmitButton>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
