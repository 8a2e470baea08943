import { z } from "zod";

/** The login form: one schema, the two kinds chosen by the radio button. */
export const LoginSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("customer"),
    email: z
      .string({ error: "Enter your email address." })
      .trim()
      .min(1, "Enter your email address.")
      .max(254)
      .pipe(z.email("Enter an email address like name@example.com.")),
    password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(256),
    altcha: z.string().max(20_000).optional(),
  }),
  z.object({
    kind: z.literal("staff"),
    username: z
      .string({ error: "Enter your username." })
      .trim()
      .min(1, "Enter your username.")
      .max(100),
    password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(256),
    altcha: z.string().max(20_000).optional(),
  }),
]);

export type LoginInput = z.infer<typeof LoginSchema>;

export type FieldErrors = Partial<Record<"email" | "username" | "password", string>>;

/** Reads a submitted form; returns the input or per-field messages (first per field). */
export function parseLoginForm(
  form: FormData,
): { ok: true; value: LoginInput } | { ok: false; errors: FieldErrors } {
  const raw = Object.fromEntries(
    ["kind", "email", "username", "password", "altcha"].flatMap((key) => {
      const value = form.get(key);
      return typeof value === "string" && value !== "" ? [[key, value]] : [];
    }),
  );
  if (raw.kind !== "staff") raw.kind = "customer";
  const parsed = LoginSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if ((key === "email" || key === "username" || key === "password") && !errors[key]) {
      errors[key] = issue.message;
    }
  }
  return { ok: false, errors };
}
