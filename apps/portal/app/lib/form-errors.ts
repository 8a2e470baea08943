import type { $ZodErrorMap } from "zod/v4/core";

/** A field's first error message by its form name ("title", "specifications[2].name"). */
export type FieldErrors = Record<string, string>;

const count = (n: number | bigint) => Number(n).toLocaleString("en-US");

/**
 * Messages people read for the generic checks of the shared API schemas (a schema's own message,
 * e.g. "Enter a title.", wins). Passed to `parseWithZod` as `error`.
 */
export const humanErrors: $ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "Please fill this in.";
      return issue.expected === "number" ? "Enter a number." : "This value is not valid.";
    case "too_small":
      if (issue.origin === "string") return "Please fill this in.";
      if (issue.origin === "number") return `Enter a number of at least ${count(issue.minimum)}.`;
      return undefined;
    case "too_big":
      if (issue.origin === "string")
        return `Keep this under ${count(Number(issue.maximum) + 1)} characters.`;
      if (issue.origin === "number") return `Enter a number up to ${count(issue.maximum)}.`;
      if (issue.origin === "array") return `At most ${count(issue.maximum)} rows.`;
      return undefined;
    case "invalid_format":
      return issue.format === "email" ? "Enter a valid email address." : undefined;
    default:
      return undefined;
  }
};

/** The first message of each field from a conform submission's `error`. */
export function firstErrors(
  error: Record<string, string[] | null> | undefined | null,
): FieldErrors {
  const out: FieldErrors = {};
  for (const [name, messages] of Object.entries(error ?? {})) {
    const first = messages?.[0];
    if (first) out[name || "form"] = first;
  }
  return out;
}

/** The posted text fields, to show them again after an error (files and passwords left out). */
export function postedValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && name !== "password") out[name] = value;
  }
  return out;
}
