import type { ActionFunctionArgs } from "@remix-run/node";
import { getSession } from "../lib/session.server.ts";

/** "Stay signed in" (the idle module): resolving the session slides its idle deadline. */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request, context);
  if (!session) return Response.json({ idleSeconds: 0 }, { status: 401 });
  return Response.json({
    idleSeconds: Math.max(
      0,
      Math.round((session.actor.idleExpiresAt.getTime() - Date.now()) / 1000),
    ),
  });
}
