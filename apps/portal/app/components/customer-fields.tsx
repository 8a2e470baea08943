import type { FieldErrors } from "../lib/form-errors.ts";
import { FieldError, fieldProps } from "./field.tsx";

const INPUTS = [
  { name: "name", label: "Name", type: "text", autoComplete: "off", required: true },
  { name: "company", label: "Company (optional)", type: "text", autoComplete: "off" },
  { name: "email", label: "Email", type: "email", autoComplete: "off", required: true },
  { name: "phone", label: "Phone (optional)", type: "tel", autoComplete: "off" },
] as const;

/** Name, company, email, phone and address of a customer (new and edit forms). */
export function CustomerFields({
  values,
  errors,
  idPrefix = "",
}: {
  values: Record<string, string | null | undefined>;
  errors: FieldErrors;
  idPrefix?: string;
}) {
  return (
    <>
      {INPUTS.map((input) => {
        const id = `${idPrefix}${input.name}`;
        const error = errors[input.name];
        return (
          <div className="mb-3" key={input.name}>
            <label htmlFor={id} className="form-label">
              {input.label}
            </label>
            <input
              id={id}
              name={input.name}
              type={input.type}
              autoComplete={input.autoComplete}
              required={"required" in input ? input.required : undefined}
              className={`form-control ${error ? "is-invalid" : ""}`}
              defaultValue={values[input.name] ?? ""}
              {...fieldProps(id, error)}
            />
            <FieldError id={id} message={error} />
          </div>
        );
      })}
      <div className="mb-3">
        <label htmlFor={`${idPrefix}address`} className="form-label">
          Address (optional)
        </label>
        <textarea
          id={`${idPrefix}address`}
          name="address"
          rows={3}
          className={`form-control ${errors.address ? "is-invalid" : ""}`}
          defaultValue={values.address ?? ""}
          {...fieldProps(`${idPrefix}address`, errors.address)}
        />
        <FieldError id={`${idPrefix}address`} message={errors.address} />
      </div>
    </>
  );
}
