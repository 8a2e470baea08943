import { z } from "zod";
import { type FormErrors, parseForm } from "../lib/form.server.ts";

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

export type SetPasswordErrors = FormErrors<"password" | "confirm">;

export function parseSetPassword(form: FormData) {
  return parseForm(form, SetPasswordSchema);
}
