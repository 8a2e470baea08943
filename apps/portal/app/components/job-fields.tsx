import { BLANK_SPEC_ROWS, type JobFormDisplay, MAX_SPEC_ROWS } from "../forms/job-form.ts";
import type { FieldErrors } from "../lib/form-errors.ts";
import { FieldError, fieldProps } from "./field.tsx";

function TextField({
  name,
  label,
  values,
  errors,
  rows,
  hint,
}: {
  name: string;
  label: string;
  values: JobFormDisplay;
  errors: FieldErrors;
  rows?: number;
  hint?: string;
}) {
  const error = errors[name];
  const hintId = hint ? `${name}-hint` : undefined;
  const props = fieldProps(name, error);
  const describedBy = [hintId, props["aria-describedby"]].filter(Boolean).join(" ") || undefined;
  return (
    <div className="mb-3">
      <label htmlFor={name} className="form-label">
        {label}
      </label>
      {rows ? (
        <textarea
          id={name}
          name={name}
          rows={rows}
          className={`form-control ${error ? "is-invalid" : ""}`}
          defaultValue={values.text[name] ?? ""}
          aria-invalid={props["aria-invalid"]}
          aria-describedby={describedBy}
        />
      ) : (
        <input
          id={name}
          name={name}
          type="text"
          className={`form-control ${error ? "is-invalid" : ""}`}
          defaultValue={values.text[name] ?? ""}
          aria-invalid={props["aria-invalid"]}
          aria-describedby={describedBy}
        />
      )}
      {hint ? (
        <div id={hintId} className="form-text">
          {hint}
        </div>
      ) : null}
      <FieldError id={name} message={error} />
    </div>
  );
}

/**
 * The job's fields (new and edit forms): title, description, quantity, due date,
 * specifications (name/value rows; blank rows to fill in, so rows are added without JavaScript),
 * special instructions, notes for the customer and internal shop notes.
 */
export function JobFields({
  values,
  errors,
  owners,
  askDueReason = false,
}: {
  values: JobFormDisplay;
  errors: FieldErrors;
  /** Who can own the job (active staff). */
  owners: { id: number; displayName: string }[];
  /** Editing: a moved date can carry a reason the customer reads. */
  askDueReason?: boolean;
}) {
  // Rows typed on the page keep their place (errors name them by number), then blank rows.
  const shown = [
    ...values.specifications,
    ...Array.from({ length: BLANK_SPEC_ROWS }, () => ({ name: "", value: "" })),
  ].slice(0, MAX_SPEC_ROWS + BLANK_SPEC_ROWS);
  return (
    <>
      <TextField name="title" label="Title" values={values} errors={errors} />
      <TextField name="description" label="Description" values={values} errors={errors} rows={3} />
      <div className="row g-3 mb-3">
        <div className="col-12 col-sm-6">
          <label htmlFor="quantity" className="form-label">
            Quantity
          </label>
          <input
            id="quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            className={`form-control ${errors.quantity ? "is-invalid" : ""}`}
            defaultValue={values.text.quantity ?? "1"}
            {...fieldProps("quantity", errors.quantity)}
          />
          <FieldError id="quantity" message={errors.quantity} />
        </div>
        <div className="col-12 col-sm-6">
          <label htmlFor="estimatedCompletion" className="form-label">
            Estimated completion
          </label>
          <input
            id="estimatedCompletion"
            name="estimatedCompletion"
            type="date"
            className={`form-control ${errors.estimatedCompletion ? "is-invalid" : ""}`}
            defaultValue={values.text.estimatedCompletion ?? ""}
            {...fieldProps("estimatedCompletion", errors.estimatedCompletion)}
          />
          <FieldError id="estimatedCompletion" message={errors.estimatedCompletion} />
        </div>
        {askDueReason ? (
          <div className="col-12">
            <label htmlFor="dueReason" className="form-label">
              Reason for the new date (shown to the customer)
            </label>
            <input
              id="dueReason"
              name="dueReason"
              type="text"
              maxLength={500}
              className={`form-control ${errors.dueReason ? "is-invalid" : ""}`}
              defaultValue={values.text.dueReason ?? ""}
              aria-describedby={
                errors.dueReason ? "dueReason-error dueReason-hint" : "dueReason-hint"
              }
            />
            <div id="dueReason-hint" className="form-text">
              Optional; used only when you change the date.
            </div>
            <FieldError id="dueReason" message={errors.dueReason} />
          </div>
        ) : null}
        <div className="col-12 col-sm-6">
          <label htmlFor="ownerId" className="form-label">
            Owner
          </label>
          <select
            id="ownerId"
            name="ownerId"
            className={`form-select ${errors.ownerId ? "is-invalid" : ""}`}
            defaultValue={values.text.ownerId ?? ""}
            {...fieldProps("ownerId", errors.ownerId)}
          >
            <option value="">Nobody yet</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.displayName}
              </option>
            ))}
          </select>
          <FieldError id="ownerId" message={errors.ownerId} />
        </div>
        <div className="col-12 col-sm-6 d-flex align-items-end">
          <div className="form-check mb-2 rush-check">
            <input
              className="form-check-input"
              type="checkbox"
              id="rush"
              name="rush"
              defaultChecked={values.text.rush === "on"}
            />
            <label className="form-check-label" htmlFor="rush">
              Rush
            </label>
          </div>
        </div>
      </div>
      <fieldset className="mb-3" aria-describedby="specs-hint">
        <legend className="form-label fs-6 mb-1">Specifications</legend>
        <p id="specs-hint" className="form-text mt-0">
          A name and a value per row, e.g. “Paper” and “100 lb gloss”. Clear both to remove a row;
          save to get more blank rows.
        </p>
        <div className="spec-rows">
          {shown.map((row, i) => {
            const nameKey = `specifications[${i}].name`;
            const valueKey = `specifications[${i}].value`;
            const nameId = `spec-${i}-name`;
            const valueId = `spec-${i}-value`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the form
              <div className="row g-2 mb-2 spec-row" key={i}>
                <div className="col-5">
                  <label htmlFor={nameId} className="visually-hidden">
                    Specification {i + 1} name
                  </label>
                  <input
                    id={nameId}
                    name={nameKey}
                    placeholder="Name"
                    className={`form-control ${errors[nameKey] ? "is-invalid" : ""}`}
                    defaultValue={row.name}
                    {...fieldProps(nameId, errors[nameKey])}
                  />
                  <FieldError id={nameId} message={errors[nameKey]} />
                </div>
                <div className="col-7">
                  <label htmlFor={valueId} className="visually-hidden">
                    Specification {i + 1} value
                  </label>
                  <input
                    id={valueId}
                    name={valueKey}
                    placeholder="Value"
                    className={`form-control ${errors[valueKey] ? "is-invalid" : ""}`}
                    defaultValue={row.value}
                    {...fieldProps(valueId, errors[valueKey])}
                  />
                  <FieldError id={valueId} message={errors[valueKey]} />
                </div>
              </div>
            );
          })}
        </div>
        <FieldError id="specifications" message={errors.specifications} />
      </fieldset>
      <TextField
        name="specialInstructions"
        label="Special instructions"
        values={values}
        errors={errors}
        rows={3}
      />
      <TextField
        name="customerNotes"
        label="Notes for the customer"
        values={values}
        errors={errors}
        rows={3}
        hint="The customer sees these on their job page."
      />
      <TextField
        name="shopNotes"
        label="Internal shop notes"
        values={values}
        errors={errors}
        rows={3}
        hint="Staff only: never shown to the customer."
      />
    </>
  );
}
