import { VersionConflictError } from "@traveler/api/server";
import { TRPCError } from "@trpc/server";

/** One field two people changed: what people read (label) and both values. */
export interface ShownConflict {
  field: string;
  label: string;
  mine: unknown;
  theirs: unknown;
}

/**
 * The API's per-field edit conflict (someone else changed the same fields meanwhile), or null.
 * `current` is the record as it is now: the form starts again from it, keeping what was typed.
 */
export function editConflictOf(
  error: unknown,
): { fields: ShownConflict[]; current: Record<string, unknown> & { version: number } } | null {
  if (!(error instanceof TRPCError) || error.code !== "CONFLICT") return null;
  const cause = error.cause;
  if (!(cause instanceof VersionConflictError)) return null;
  return {
    fields: cause.fields.map((f) => ({
      field: f.field,
      label: f.label,
      mine: f.mine,
      theirs: f.theirs,
    })),
    current: cause.current as Record<string, unknown> & { version: number },
  };
}
