import { Form } from "@remix-run/react";
import type { ProofOutput } from "@traveler/api/schemas";
import { formatDateTime } from "../lib/format.ts";
import { fileKind, formatBytes } from "../lib/proof-files.ts";
import { FieldError, fieldProps } from "./field.tsx";
import { ProofConversation, ProofFiles, ProofHeading, ProofStateBadge } from "./proof-version.tsx";
import { SubmitButton } from "./submit-button.tsx";

interface StaffProof extends ProofOutput {
  decisionIp: string | null;
  decisionUserAgent: string | null;
}

interface JobFileChoice {
  id: number;
  fileName: string;
  contentType: string;
  byteSize: number;
  visibleToCustomer: boolean;
}

export interface ProofSendState {
  ok: boolean;
  version: number | null;
  errors: { fileIds?: string; message?: string };
  formError: string | null;
}

/**
 * The proof section of the staff job page: the newest version with its state, the customer's
 * comments and pins drawn where they were put, who decided from where; earlier versions folded;
 * and the form that sends job files as the next version (a plain form; sending makes the chosen
 * files visible to the customer).
 */
export function AdminProofs({
  jobNumber,
  proofs,
  files,
  result,
  formKey,
  timeZone,
}: {
  jobNumber: string;
  proofs: StaffProof[];
  files: JobFileChoice[];
  result: ProofSendState | null;
  formKey: string;
  timeZone: string;
}) {
  const [latest, ...earlier] = proofs;
  const next = (latest?.version ?? 0) + 1;
  return (
    <section className="card shadow-sm" aria-labelledby="proof-heading">
      <div className="card-body">
        {/* The state shows once: on the version's heading (folded versions: on their summary). */}
        <h2 className="h5 mb-2" id="proof-heading">
          Proof
        </h2>
        {result?.ok ? (
          <div className="alert alert-success" role="status">
            Proof version {result.version} sent to the customer.
          </div>
        ) : null}
        {latest ? (
          <div className="mb-3" data-proof-version={latest.version}>
            <ProofHeading proof={latest} timeZone={timeZone} />
            <ProofConversation proof={latest} timeZone={timeZone} />
            {latest.decision ? (
              <p className="small text-body-secondary">
                Answered {formatDateTime(latest.decision.at, timeZone)}
                {latest.decisionIp ? ` from ${latest.decisionIp}` : ""}
                {latest.decisionUserAgent ? ` (${latest.decisionUserAgent})` : ""}
              </p>
            ) : null}
            <ProofFiles jobNumber={jobNumber} proof={latest} audience="admin" />
          </div>
        ) : (
          <p>No proof sent yet.</p>
        )}
        {earlier.map((proof) => (
          <details key={proof.version} className="mb-2">
            <summary>
              Version {proof.version}: <ProofStateBadge state={proof.state} />
            </summary>
            <ProofHeading proof={proof} timeZone={timeZone} showState={false} />
            <ProofConversation proof={proof} timeZone={timeZone} />
            <ProofFiles jobNumber={jobNumber} proof={proof} audience="admin" />
          </details>
        ))}
        <h3 className="h6 mt-3">Send version {next}</h3>
        {files.length === 0 ? (
          <p className="mb-0 text-body-secondary">Attach the proof's files to the job first.</p>
        ) : (
          <Form method="post" noValidate key={formKey}>
            <input type="hidden" name="intent" value="proof-send" />
            <input type="hidden" name="idempotencyKey" value={formKey} />
            {result?.formError ? (
              <div className="alert alert-danger" role="alert">
                {result.formError}
              </div>
            ) : null}
            <fieldset className="mb-3" {...fieldProps("proof-files", result?.errors.fileIds)}>
              <legend className="form-label fs-6">Files of the proof</legend>
              {files.map((f) => (
                <div className="form-check" key={f.id}>
                  <input
                    className="form-check-input"
                    type="checkbox"
                    name="fileIds"
                    value={f.id}
                    id={`proof-file-${f.id}`}
                  />
                  <label className="form-check-label" htmlFor={`proof-file-${f.id}`}>
                    {f.fileName} ({fileKind(f.contentType)}, {formatBytes(f.byteSize)})
                    {f.visibleToCustomer ? "" : " · internal: sending shows it to the customer"}
                  </label>
                </div>
              ))}
              <FieldError id="proof-files" message={result?.errors.fileIds} />
            </fieldset>
            <div className="mb-3">
              <label htmlFor="proof-message" className="form-label">
                Message to the customer
              </label>
              <textarea
                id="proof-message"
                name="message"
                rows={3}
                className="form-control"
                maxLength={5000}
                {...fieldProps("proof-message", result?.errors.message)}
              />
              <FieldError id="proof-message" message={result?.errors.message} />
            </div>
            <SubmitButton pendingText="Sending…" className="btn btn-primary w-100 touch-target">
              Send proof version {next}
            </SubmitButton>
          </Form>
        )}
      </div>
    </section>
  );
}

/**
 * In the status form while a proof waits for the customer: the API refuses to move the job on
 * without this explicit override (which it audits with the proof version).
 */
export function ProofOverrideField({ proofs }: { proofs: ProofOutput[] }) {
  const waiting = proofs.find((p) => p.state === "waiting");
  if (!waiting) return null;
  return (
    <div className="alert alert-warning py-2 mb-3">
      <p className="mb-2">
        Proof version {waiting.version} is waiting for the customer's approval. Moving the job past
        Not started needs an override.
      </p>
      <div className="form-check mb-0">
        <input
          className="form-check-input"
          type="checkbox"
          id="overrideProof"
          name="overrideProof"
        />
        <label className="form-check-label" htmlFor="overrideProof">
          Go ahead without the customer's approval
        </label>
      </div>
    </div>
  );
}
