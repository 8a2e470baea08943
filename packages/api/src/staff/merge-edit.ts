import { editConflict } from "../errors.ts";
import { sameJson } from "../json-equal.ts";

export interface EditInput {
  version: number;
  /** The values the editor started from, for every field of `patch` (per-field merge). */
  base?: Record<string, unknown> | undefined;
  patch: Record<string, unknown>;
}

/**
 * Merges an edit into the row as it is now (issue 9) and returns the fields to write: the edit's
 * own changes, of which the caller writes those that differ from the row.
 *
 * With `base`, conflicts are per field. A field sent with its starting value (mine = base) is not
 * a change of mine: it is left as it is now, never written back over someone else's change. A
 * changed field conflicts only when someone else changed it too (current ≠ base) to something
 * else (current ≠ mine). A colleague's status change never conflicts with my notes. Without
 * `base` (older clients, plain forms) the row's version must match. Throws a CONFLICT naming
 * each conflicting field with its label, base, mine and theirs; nothing is written then.
 */
export function mergeEdit<Row extends { version: number }>(
  current: Row,
  input: EditInput,
  labels: Record<string, string>,
): Record<string, unknown> {
  const row = current as unknown as Record<string, unknown>;
  const base = input.base;
  const mine = Object.keys(input.patch).filter(
    (f) => input.patch[f] !== undefined && !(base && sameJson(base[f], input.patch[f])),
  );
  const conflicting = base
    ? mine.filter((f) => !sameJson(row[f], base[f]) && !sameJson(row[f], input.patch[f]))
    : current.version === input.version
      ? []
      : mine;
  if (conflicting.length > 0) {
    throw editConflict(
      current,
      conflicting.map((field) => ({
        field,
        label: labels[field] ?? field,
        base: base ? (base[field] ?? null) : null,
        mine: input.patch[field] ?? null,
        theirs: row[field] ?? null,
      })),
    );
  }
  return Object.fromEntries(mine.map((f) => [f, input.patch[f]]));
}
