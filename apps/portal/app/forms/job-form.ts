import { parseWithZod } from "@conform-to/zod/v4";
import {
  jobFieldsSchema,
  specificationSchema,
  staffJobCreateInput,
  staffJobUpdateInput,
} from "@traveler/api/schemas";
import { z } from "zod";
import { type FieldErrors, firstErrors, humanErrors } from "../lib/form-errors.ts";

/** The job form's fields as the API takes them. */
export type JobValues = z.infer<typeof jobFieldsSchema>;
export type JobField = keyof JobValues;
export const JOB_FORM_FIELDS = Object.keys(jobFieldsSchema.shape) as JobField[];

/** Blank specification rows offered after the filled ones (rows are added without JavaScript). */
export const BLANK_SPEC_ROWS = 3;
/** At most this many specification rows (the API's limit). */
export const MAX_SPEC_ROWS = 50;

const s = jobFieldsSchema.shape;
/** The shared job fields; a blank text field is an empty text, a blank date no date. */
const jobForm = jobFieldsSchema.extend({
  description: s.description.default(""),
  specialInstructions: s.specialInstructions.default(""),
  customerNotes: s.customerNotes.default(""),
  shopNotes: s.shopNotes.default(""),
  estimatedCompletion: s.estimatedCompletion.default(null),
  ownerId: s.ownerId.default(null),
  rush: s.rush.default(false),
  specifications: z
    .array(specificationSchema.extend({ value: specificationSchema.shape.value.default("") }))
    .max(MAX_SPEC_ROWS)
    .default([]),
});
const createForm = jobForm.extend({
  customerId: staffJobCreateInput.shape.customerId,
  idempotencyKey: staffJobCreateInput.shape.idempotencyKey,
});
const editForm = jobForm.extend({
  dueReason: staffJobUpdateInput.shape.dueReason,
  idempotencyKey: staffJobUpdateInput.shape.idempotencyKey,
});
const editMeta = z.object({
  version: staffJobUpdateInput.shape.version,
  base: z
    .string()
    .max(200_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "The form is out of date." });
        return z.NEVER;
      }
    })
    .pipe(jobFieldsSchema),
});

const SPEC = /^specifications\[(\d{1,3})\]\.(name|value)$/;

/**
 * The posted form with the specification rows that are left blank dropped and the rest
 * numbered from 0, and for each kept row its number in the page (errors go beside it).
 */
function compactSpecifications(form: FormData): { form: FormData; rowOf: number[] } {
  const rows = new Map<number, { name: string; value: string }>();
  const out = new FormData();
  for (const [key, value] of form.entries()) {
    const match = SPEC.exec(key);
    if (!match) {
      out.append(key, value);
      continue;
    }
    const index = Number(match[1]);
    const row = rows.get(index) ?? { name: "", value: "" };
    row[match[2] as "name" | "value"] = typeof value === "string" ? value : "";
    rows.set(index, row);
  }
  const rowOf: number[] = [];
  for (const [index, row] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    if (row.name.trim() === "" && row.value.trim() === "") continue;
    const n = rowOf.length;
    rowOf.push(index);
    out.append(`specifications[${n}].name`, row.name);
    out.append(`specifications[${n}].value`, row.value);
  }
  return { form: out, rowOf };
}

/** Error names of compacted rows back to the rows on the page. */
function remapErrors(errors: FieldErrors, rowOf: number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [name, message] of Object.entries(errors)) {
    const match = /^specifications\[(\d+)\]\.(name|value)$/.exec(name);
    if (match) {
      const row = rowOf[Number(match[1])] ?? Number(match[1]);
      const which = match[2] as "name" | "value";
      out[`specifications[${row}].${which}`] =
        which === "name" && message === "Please fill this in."
          ? "Name this specification (or clear its value)."
          : message;
    } else out[name] = message;
  }
  return out;
}

function parse<S extends typeof createForm | typeof editForm>(form: FormData, schema: S) {
  const { form: compact, rowOf } = compactSpecifications(form);
  const submission = parseWithZod(compact, { schema, error: humanErrors });
  if (submission.status !== "success") {
    return { ok: false as const, errors: remapErrors(firstErrors(submission.error), rowOf) };
  }
  return { ok: true as const, value: submission.value as z.infer<S> };
}

export function parseJobCreate(form: FormData) {
  return parse(form, createForm);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * An edit: of the fields as typed, those changed from where the editor started (`patch`) with
 * their starting values (`base`), as the API's per-field merge expects.
 */
export function parseJobEdit(form: FormData) {
  const parsed = parse(form, editForm);
  const meta = editMeta.safeParse({ version: Number(form.get("version")), base: form.get("base") });
  if (!parsed.ok || !meta.success) {
    const errors = parsed.ok ? {} : parsed.errors;
    if (!meta.success) errors.form = "The form is out of date. Reload the page and try again.";
    return { ok: false as const, errors };
  }
  const { idempotencyKey, dueReason, ...values } = parsed.value;
  const base = meta.data.base;
  const changed = JOB_FORM_FIELDS.filter((f) => !same(values[f], base[f]));
  return {
    ok: true as const,
    version: meta.data.version,
    patch: Object.fromEntries(changed.map((f) => [f, values[f]])) as Partial<JobValues>,
    base: Object.fromEntries(changed.map((f) => [f, base[f]])) as Partial<JobValues>,
    // The reason goes with a moved date only (the customer reads it beside "was …, now …").
    ...(dueReason && changed.includes("estimatedCompletion") ? { dueReason } : {}),
    idempotencyKey,
  };
}

/** The editable fields of a job, as the form starts from them. */
export function jobValuesOf(job: JobValues): JobValues {
  return Object.fromEntries(JOB_FORM_FIELDS.map((f) => [f, job[f]])) as JobValues;
}

/** What a job form shows: each field as text, and the specification rows. */
export interface JobFormDisplay {
  text: Record<string, string>;
  specifications: { name: string; value: string }[];
}

export function jobDisplayOf(job: JobValues): JobFormDisplay {
  return {
    text: {
      title: job.title,
      description: job.description,
      quantity: String(job.quantity),
      specialInstructions: job.specialInstructions,
      estimatedCompletion: job.estimatedCompletion ?? "",
      ownerId: job.ownerId === null ? "" : String(job.ownerId),
      rush: job.rush ? "on" : "",
      customerNotes: job.customerNotes,
      shopNotes: job.shopNotes,
    },
    specifications: job.specifications,
  };
}

/** What the form shows again after a refused post: the typed text, rows as typed. */
export function postedJobValues(values: Record<string, string>): JobFormDisplay {
  const specifications: { name: string; value: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    const match = SPEC.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (index >= MAX_SPEC_ROWS + BLANK_SPEC_ROWS) continue;
    while (specifications.length <= index) specifications.push({ name: "", value: "" });
    specifications[index]![match[2] as "name" | "value"] = value;
  }
  return { text: values, specifications };
}
