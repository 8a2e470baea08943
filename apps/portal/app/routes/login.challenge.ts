import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiFor } from "../lib/api.server.ts";

/**
 * The ALTCHA challenge for the login form's widget (never cached). The form names the account
 * being signed in to (`?kind=customer&identifier=...`): the challenge then has the difficulty
 * that account's recent attempts call for.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind");
  const identifier = url.searchParams.get("identifier")?.trim().slice(0, 254) ?? "";
  const account =
    (kind === "customer" || kind === "staff") && identifier
      ? { kind: kind as "customer" | "staff", identifier }
      : undefined;
  const challenge = await apiFor(request, context).auth.altchaChallenge(account);
  return Response.json(challenge, { headers: { "Cache-Control": "no-store" } });
}
