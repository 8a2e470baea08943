import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";

/**
 * The posted form, or a 400 when the body cannot be read as one (a malformed multipart body,
 * a wrong content type): a bad request, never a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: "The form could not be read. Please try again." }, { status: 400 });
  }
}

/** Per-field messages for a form (the first message of each field, shown beside it). */
export type FormErrors<Field extends string = string> = Partial<Record<Field, string>>;

/**
 * Every portal form is parsed the same way: Conform reads the FormData against a zod schema
 * (empty fields are "not given", numbers and checkboxes coerced), and the result is the typed
 * value or the first message per field.
 */
export function parseForm<Schema extends z.ZodType>(
  form: FormData,
  schema: Schema,
):
  | { ok: true; value: z.output<Schema> }
  | { ok: false; errors: FormErrors<Extract<keyof z.input<Schema>, string>> } {
  const submission = parseWithZod(form, { schema });
  if (submission.status === "success") return { ok: true, value: submission.value };
  const errors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(submission.error ?? {})) {
    if (messages?.[0] && !errors[field]) errors[field] = messages[0];
  }
  return { ok: false, errors };
}
