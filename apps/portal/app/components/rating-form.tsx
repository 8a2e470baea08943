import { Form } from "@remix-run/react";
import { RATING_COMMENT_MAX, RATING_LABELS, RATING_VALUES } from "@traveler/api/schemas";
import { FieldError, fieldProps } from "./field.tsx";
import { SubmitButton } from "./submit-button.tsx";

export type RatingFormErrors = Partial<Record<"rating" | "comment" | "form", string>>;

/**
 * The 1-5 rating with an optional comment: a plain form (radio buttons, a text area), so it works
 * without JavaScript. Posted to the job's rate route or to the emailed link's page.
 */
export function RatingForm({
  action,
  errors = {},
  values,
}: {
  action?: string;
  errors?: RatingFormErrors;
  values?: { rating?: string; comment?: string };
}) {
  return (
    <Form method="post" {...(action ? { action } : {})} noValidate>
      {errors.form ? (
        <div className="alert alert-danger" role="alert">
          {errors.form}
        </div>
      ) : null}
      <fieldset className="mb-3" {...fieldProps("rating", errors.rating)}>
        <legend className="form-label fs-6">How did we do? (5 is best)</legend>
        <div className="rating-choices d-flex flex-wrap gap-2">
          {RATING_VALUES.map((value) => (
            <div key={value} className="form-check rating-choice">
              <input
                className="form-check-input"
                type="radio"
                name="rating"
                id={`rating-${value}`}
                value={value}
                defaultChecked={values?.rating === String(value)}
                required
              />
              <label className="form-check-label" htmlFor={`rating-${value}`}>
                {RATING_LABELS[value]}
              </label>
            </div>
          ))}
        </div>
        <FieldError id="rating" message={errors.rating} />
      </fieldset>
      <div className="mb-3">
        <label htmlFor="comment" className="form-label">
          Comment (optional)
        </label>
        <textarea
          id="comment"
          name="comment"
          className={`form-control${errors.comment ? " is-invalid" : ""}`}
          rows={3}
          maxLength={RATING_COMMENT_MAX}
          defaultValue={values?.comment ?? ""}
          {...fieldProps("comment", errors.comment)}
        />
        <FieldError id="comment" message={errors.comment} />
      </div>
      <SubmitButton pendingText="Sending…">Send rating</SubmitButton>
    </Form>
  );
}

/** A given rating as people read it: "4 of 5 · Good" and the comment. */
export function RatingSummary({
  rating,
}: {
  rating: { rating: number; comment: string; createdAt: string };
}) {
  const label = RATING_LABELS[rating.rating as 1 | 2 | 3 | 4 | 5] ?? String(rating.rating);
  return (
    <>
      <p className="mb-1">
        <strong>{rating.rating} of 5</strong> · {label.replace(/^\d · /, "")}
      </p>
      {rating.comment ? <p className="mb-0 white-space-pre-line">{rating.comment}</p> : null}
    </>
  );
}
