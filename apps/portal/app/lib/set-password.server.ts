import type { AppLoadContext } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { parseSetPassword, type SetPasswordErrors } from "../forms/set-password-schema.ts";
import { apiFor } from "./api.server.ts";
import { readForm } from "./form.server.ts";
import { sessionCookie } from "./session.server.ts";

export async function setPasswordLoader(request: Request, context: AppLoadContext, token: string) {
  const check = await apiFor(request, context).auth.checkToken({ token });
  return { valid: check.valid, kind: check.kind ?? null, name: check.name ?? null };
}

/** Redeems the one-time token; on success the URL with the token is left by a redirect. */
export async function setPasswordAction(request: Request, context: AppLoadContext, token: string) {
  const parsed = parseSetPassword(await readForm(request));
  if (!parsed.ok) {
    return data({ errors: parsed.errors, formError: null as string | null }, { status: 400 });
  }
  try {
    const result = await apiFor(request, context).auth.redeemToken({
      token,
      password: parsed.value.password,
    });
    return redirect("/customer/dashboard", {
      headers: { "Set-Cookie": sessionCookie(context, result.token, result.expiresAt) },
    });
  } catch (error) {
    if (
      error instanceof TRPCError &&
      (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND" || error.code === "UNAUTHORIZED")
    ) {
      const message = error.message;
      const errors: SetPasswordErrors = /password/i.test(message) ? { password: message } : {};
      return data(
        { errors, formError: /password/i.test(message) ? null : message },
        { status: 400 },
      );
    }
    throw error;
  }
}
