import { formatDay } from "../lib/format.ts";

export interface ConflictField {
  field: string;
  label: string;
  mine: unknown;
  theirs: unknown;
}

/** A value as people read it (specification rows as "Name: value", days as dates). */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (Array.isArray(value)) {
    if (value.length === 0) return "(none)";
    return value
      .map((row) => {
        const r = row as { name?: unknown; value?: unknown };
        return `${String(r.name ?? "")}: ${String(r.value ?? "")}`;
      })
      .join("; ");
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

/**
 * Someone else saved the same fields while this form was open: each field with both values.
 * The form below keeps what was typed; saving again applies it over their change.
 */
export function EditConflict({ fields, what }: { fields: ConflictField[]; what: string }) {
  return (
    <div className="alert alert-warning" role="alert" data-testid="edit-conflict">
      <h3 className="h6">Someone else changed this {what} while you were editing</h3>
      <dl className="mb-2 conflict-list">
        {fields.map((f) => (
          <div key={f.field} className="mb-2">
            <dt>{f.label}</dt>
            <dd className="mb-0">
              <span className="d-block white-space-pre-line">
                <strong>They saved:</strong> {shown(f.theirs)}
              </span>
              <span className="d-block white-space-pre-line">
                <strong>You entered:</strong> {shown(f.mine)}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="mb-0 small">
        Your values are still in the form. Save again to use yours, or reload the page to keep
        theirs.
      </p>
    </div>
  );
}
