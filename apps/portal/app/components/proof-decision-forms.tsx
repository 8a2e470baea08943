import { Form } from "@remix-run/react";
import { useNonce } from "../lib/nonce.tsx";
import { ModuleScript } from "../lib/page-assets.tsx";
import { FieldError, fieldProps } from "./field.tsx";
import { SubmitButton } from "./submit-button.tsx";

export interface ProofFormResult {
  intent: "approve" | "changes";
  errors: Partial<Record<"name" | "comment" | "pins" | "version", string>>;
  formError: string | null;
}

/**
 * Approve (type your name) or request changes (a comment): two plain POST forms that work without
 * JavaScript. With it, the `proof-pins` module lets the customer tap an image to drop numbered
 * pins, sent as hidden fields pins[i].fileId / x / y (fractions of the image) with a note each.
 */
export function ProofDecisionForms({
  version,
  posted,
  hasImages,
}: {
  version: number;
  posted: ProofFormResult | null;
  hasImages: boolean;
}) {
  const nonce = useNonce();
  const approveErrors = posted?.intent === "approve" ? posted.errors : {};
  const changeErrors = posted?.intent === "changes" ? posted.errors : {};
  return (
    <>
      {posted?.formError ? (
        <div className="alert alert-danger" role="alert">
          {posted.formError}
        </div>
      ) : null}
      <div className="row g-3">
        <div className="col-12 col-md-6">
          <Form
            method="post"
            noValidate
            className="border rounded p-3 h-100"
            aria-labelledby="approve-heading"
          >
            <h3 className="h6" id="approve-heading">
              Approve this proof
            </h3>
            <p className="small text-body-secondary">
              By approving, you confirm that version {version} is right and we may produce it.
            </p>
            <input type="hidden" name="intent" value="approve" />
            <input type="hidden" name="version" value={version} />
            <div className="mb-3">
              <label htmlFor="approve-name" className="form-label">
                Type your full name to approve
              </label>
              <input
                id="approve-name"
                name="name"
                className={`form-control ${approveErrors.name ? "is-invalid" : ""}`}
                autoComplete="name"
                maxLength={200}
                required
                {...fieldProps("approve-name", approveErrors.name)}
              />
              <FieldError id="approve-name" message={approveErrors.name} />
            </div>
            <SubmitButton pendingText="Approving…" className="btn btn-success w-100 touch-target">
              Approve version {version}
            </SubmitButton>
          </Form>
        </div>
        <div className="col-12 col-md-6">
          <Form
            method="post"
            noValidate
            className="border rounded p-3 h-100"
            aria-labelledby="changes-heading"
            data-proof-changes=""
          >
            <h3 className="h6" id="changes-heading">
              Request changes
            </h3>
            <input type="hidden" name="intent" value="changes" />
            <input type="hidden" name="version" value={version} />
            <div className="mb-3">
              <label htmlFor="changes-comment" className="form-label">
                What should we change?
              </label>
              <textarea
                id="changes-comment"
                name="comment"
                rows={4}
                className={`form-control ${changeErrors.comment ? "is-invalid" : ""}`}
                maxLength={5000}
                required
                {...fieldProps("changes-comment", changeErrors.comment)}
              />
              <FieldError id="changes-comment" message={changeErrors.comment} />
            </div>
            {hasImages ? (
              <div data-pin-area="" hidden>
                <p className="small mb-2" id="pin-hint">
                  Tap a spot on the image above to mark it with a numbered pin, then say what to
                  change there.
                </p>
                <ol className="list-unstyled mb-3" data-pin-list="" aria-label="Pins" />
              </div>
            ) : null}
            {changeErrors.pins ? (
              <FieldError id="changes-pins" message={changeErrors.pins} />
            ) : null}
            <SubmitButton
              pendingText="Sending…"
              className="btn btn-outline-danger w-100 touch-target"
            >
              Request changes
            </SubmitButton>
          </Form>
        </div>
      </div>
      {hasImages ? <ModuleScript name="proof-pins" nonce={nonce} /> : null}
    </>
  );
}
