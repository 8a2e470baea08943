import type { FieldErrors } from "../lib/form-errors.ts";

/** Above a refused form: the form's own error, or a pointer to the fields marked below. */
export function FormErrorSummary({ errors }: { errors: FieldErrors }) {
  if (errors.form) {
    return (
      <div className="alert alert-danger" role="alert">
        {errors.form}
      </div>
    );
  }
  if (Object.keys(errors).length === 0) return null;
  return (
    <div className="alert alert-danger" role="alert">
      Please correct the fields marked below.
    </div>
  );
}
