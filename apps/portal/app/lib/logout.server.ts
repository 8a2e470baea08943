import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { apiFor } from "./api.server.ts";
import { readForm } from "./form.server.ts";
import { clearSessionCookie, getSession } from "./session.server.ts";

/** Only our own login page may follow a sign-out (no open redirect). */
function safeNext(value: FormDataEntryValue | null): string {
  return typeof value === "string" && /^\/login(\?[\w=&%-]*)?$/.test(value)
    ? value
    : "/login?reason=signed-out";
}

/** Ends whichever session the browser holds (deletes the row) and clears the cookie. */
export async function logout(request: Request, context: AppLoadContext): Promise<Response> {
  const form = await readForm(request);
  const session = await getSession(request, context);
  if (session) await apiFor(request, context, session).auth.logout();
  return redirect(safeNext(form.get("next")), {
    headers: { "Set-Cookie": clearSessionCookie(context) },
  });
}
