import { editConflict } from "../errors.ts";
import { sameJson } from "../json-equal.ts";

export interface EditInput {
  version: number;
  /** The values the editor started from, for every field of `patch` (per-field merge). */
  base?: Record<string, unknown> | undefined;
  patch: Record<string, unknown>;
}

/**
 * Decides whether an edit may apply to the row as it is now (ARCHITECTURE §4, issue 9).
 *
 * With `base`, conflicts are per field: a field conflicts only when someone else changed it since
 * the editor read it (current ≠ base) to something other than what this edit sets (current ≠
 * mine). A colleague's status change never conflicts with my notes. Without `base` (older
 * clients, plain forms) the row's version must match. Throws a CONFLICT naming each field with
 * its label, base, mine and theirs.
 */
export function checkEdit<Row extends { version: number }>(
  current: Row,
  input: EditInput,
  labels: Record<string, string>,
): void {
  const fields = Object.keys(input.patch).filter((f) => input.patch[f] !== undefined);
  const row = current as unknown as Record<string, unknown>;
  const conflicting = input.base
    ? fields.filter((f) => !sameJson(row[f], input.base![f]) && !sameJson(row[f], input.patch[f]))
    : current.version === input.version
      ? []
      : fields;
  if (conflicting.length === 0) return;
  throw editConflict(
    current,
    conflicting.map((field) => ({
      field,
      label: labels[field] ?? field,
      base: input.base ? (input.base[field] ?? null) : null,
      mine: input.patch[field] ?? null,
      theirs: row[field] ?? null,
    })),
  );
}
