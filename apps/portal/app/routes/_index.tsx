import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSession, homeFor } from "../lib/session.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  return redirect(session ? homeFor(session.actor) : "/login");
}
