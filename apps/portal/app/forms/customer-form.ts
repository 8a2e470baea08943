import { parseWithZod } from "@conform-to/zod/v4";
import { staffCustomerCreateInput, staffCustomerUpdateInput } from "@traveler/api/schemas";
import { z } from "zod";
import { type FieldErrors, firstErrors, humanErrors } from "../lib/form-errors.ts";

/** The editable customer fields, in form order. */
export const CUSTOMER_FORM_FIELDS = ["name", "company", "email", "phone", "address"] as const;
export type CustomerFormField = (typeof CUSTOMER_FORM_FIELDS)[number];
export type CustomerValues = {
  name: string;
  company: string | null;
  email: string;
  phone: string | null;
  address: string | null;
};

const createForm = staffCustomerCreateInput;
const editForm = staffCustomerCreateInput.pick({
  name: true,
  company: true,
  email: true,
  phone: true,
  address: true,
  idempotencyKey: true,
});
/** The values the editor started from, carried in the form as JSON (line breaks and all). */
const baseField = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The form is out of date. Reload the page." });
      return z.NEVER;
    }
  })
  .pipe(staffCustomerUpdateInput.shape.base.unwrap().required());
const editMeta = z.object({ version: staffCustomerUpdateInput.shape.version, base: baseField });

const orNull = (v: string | null | undefined) => (v === undefined || v === "" ? null : v);

export function parseCustomerCreate(form: FormData) {
  const submission = parseWithZod(form, { schema: createForm, error: humanErrors });
  if (submission.status !== "success") {
    return { ok: false as const, errors: firstErrors(submission.error) };
  }
  const value = submission.value;
  const portalEnabled = value.portalEnabled === true;
  if (value.sendInvite && !portalEnabled) {
    return {
      ok: false as const,
      errors: { sendInvite: "Turn on portal access to send an invitation." } as FieldErrors,
    };
  }
  return { ok: true as const, value: { ...value, portalEnabled } };
}

/**
 * An edit: the fields as typed, and of them the ones changed from where the editor started
 * (`patch`) with their starting values (`base`), as the API's per-field merge expects.
 */
export function parseCustomerEdit(form: FormData) {
  const submission = parseWithZod(form, { schema: editForm, error: humanErrors });
  const meta = editMeta.safeParse({ version: Number(form.get("version")), base: form.get("base") });
  if (submission.status !== "success" || !meta.success) {
    const errors = firstErrors(submission.status === "success" ? null : submission.error);
    if (!meta.success) errors.form = "The form is out of date. Reload the page and try again.";
    return { ok: false as const, errors };
  }
  const v = submission.value;
  const values: CustomerValues = {
    name: v.name,
    email: v.email,
    company: orNull(v.company),
    phone: orNull(v.phone),
    address: orNull(v.address),
  };
  const base = meta.data.base as CustomerValues;
  const changed = CUSTOMER_FORM_FIELDS.filter((f) => values[f] !== (base[f] ?? null));
  return {
    ok: true as const,
    values,
    version: meta.data.version,
    patch: Object.fromEntries(changed.map((f) => [f, values[f]])) as Partial<CustomerValues>,
    base: Object.fromEntries(changed.map((f) => [f, base[f] ?? null])) as Partial<CustomerValues>,
    idempotencyKey: v.idempotencyKey,
  };
}

export function customerValuesOf(c: CustomerValues): CustomerValues {
  return { name: c.name, company: c.company, email: c.email, phone: c.phone, address: c.address };
}
