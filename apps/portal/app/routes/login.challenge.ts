import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiFor } from "../lib/api.server.ts";

/** The ALTCHA challenge for the login form's widget (never cached). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const challenge = await apiFor(request, context).auth.altchaChallenge();
  return Response.json(challenge, { headers: { "Cache-Control": "no-store" } });
}
