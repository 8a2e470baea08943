import { z } from "zod";
import { parseForm } from "../lib/form.server.ts";

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

/** Reads a submitted login form (without a kind it is a customer's). */
export function parseLoginForm(
  form: FormData,
): { ok: true; value: LoginInput } | { ok: false; errors: FieldErrors } {
  if (form.get("kind") !== "staff") form.set("kind", "customer");
  return parseForm(form, LoginSchema);
}
