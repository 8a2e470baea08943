import type { AppLoadContext } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { loginThrottleInfo } from "@traveler/api/server";
import { TRPCError } from "@trpc/server";
import type { FieldErrors } from "../forms/login-schema.ts";
import { parseLoginForm } from "../forms/login-schema.ts";
import { apiFor } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";
import { homeFor, sessionCookie } from "../lib/session.server.ts";

export interface LoginActionData {
  kind: "customer" | "staff";
  email: string;
  username: string;
  fieldErrors: FieldErrors;
  formError: string | null;
  captcha: boolean;
  retryAfterSeconds: number | null;
}

/** Only a local path of the signed-in role's area may follow a login. */
export function safeRedirect(target: string | null, kind: "customer" | "staff"): string | null {
  if (!target?.startsWith("/") || target.startsWith("//") || target.includes("\\")) return null;
  const area = kind === "customer" ? "/customer/" : "/admin";
  return target.startsWith(area) && !target.includes("logout") ? target : null;
}

export async function handleLogin(request: Request, context: AppLoadContext) {
  const form = await readForm(request);
  const kind = form.get("kind") === "staff" ? "staff" : "customer";
  const base: LoginActionData = {
    kind,
    email: String(form.get("email") ?? "").slice(0, 254),
    username: String(form.get("username") ?? "").slice(0, 100),
    fieldErrors: {},
    formError: null,
    captcha: form.get("captchaShown") === "1",
    retryAfterSeconds: null,
  };
  const parsed = parseLoginForm(form);
  if (!parsed.ok) return data({ ...base, fieldErrors: parsed.errors }, { status: 400 });

  try {
    const result = await apiFor(request, context).auth.login(parsed.value);
    const home = result.actor.type === "customer" ? "/customer/dashboard" : "/admin";
    const next =
      safeRedirect(new URL(request.url).searchParams.get("redirectTo"), result.actor.type) ?? home;
    return redirect(next, {
      headers: { "Set-Cookie": sessionCookie(context, result.token, result.expiresAt) },
    });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const throttle = loginThrottleInfo(error);
    if (throttle.retryAfterSeconds !== null) {
      return data(
        {
          ...base,
          formError: `Too many sign-in attempts. Please try again in ${describeWait(throttle.retryAfterSeconds)}.`,
          retryAfterSeconds: throttle.retryAfterSeconds,
        },
        { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
      );
    }
    if (throttle.captchaRequired) {
      return data(
        {
          ...base,
          captcha: true,
          formError: parsed.value.altcha
            ? "The human check did not work. Please try it again."
            : "Please complete the human check below, then sign in again.",
        },
        { status: 400 },
      );
    }
    if (error.code === "UNAUTHORIZED" || error.code === "BAD_REQUEST") {
      return data({ ...base, formError: error.message }, { status: 400 });
    }
    throw error;
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export { homeFor };
