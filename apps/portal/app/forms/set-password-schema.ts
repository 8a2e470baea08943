import { z } from "zod";

/** Same policy as the API's (min 10, max 256; the API also refuses common passwords). */
export const SetPasswordSchema = z
  .object({
    password: z
      .string({ error: "Choose a password." })
      .min(10, "Use at least 10 characters.")
      .max(256, "Use at most 256 characters."),
    confirm: z.string({ error: "Type the password again." }).min(1, "Type the password again."),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The two passwords differ.",
  });

export type SetPasswordErrors = Partial<Record<"password" | "confirm", string>>;

export function parseSetPassword(form: FormData) {
  const parsed = SetPasswordSchema.safeParse({
    password: form.get("password") ?? undefined,
    confirm: form.get("confirm") || undefined,
  });
  if (parsed.success) return { ok: true as const, value: parsed.data };
  const errors: SetPasswordErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if ((key === "password" || key === "confirm") && !errors[key]) errors[key] = issue.message;
  }
  return { ok: false as const, errors };
}
