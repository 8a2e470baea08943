import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { createCaller, createContextInner } from "@traveler/api/server";
import { TRPCError } from "@trpc/server";
import type { Session } from "./session.server.ts";

/** The API context of a page request, acting as the session's subject (or anonymous). */
export function contextFor(
  request: Request,
  context: AppLoadContext,
  session: Session | null = null,
) {
  return createContextInner({
    services: context.services,
    actor: session?.actor ?? { type: "anonymous" },
    request: {
      ip: context.ip,
      userAgent: request.headers.get("user-agent"),
      requestId: context.requestId,
    },
    sessionToken: session?.sessionToken ?? null,
  });
}

/** An in-process tRPC caller acting as the session's subject (or anonymous). */
export function apiFor(request: Request, context: AppLoadContext, session: Session | null = null) {
  return createCaller(contextFor(request, context, session));
}

/** True when the API says the thing asked for does not exist for this caller (or its id is malformed). */
export function isNotFound(error: unknown): boolean {
  return error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST");
}

/**
 * Runs an API read for a page; "not found" (unknown, foreign, deleted or malformed ids alike)
 * becomes the branded 404 page with `message`. Other errors propagate.
 */
export async function orNotFound<T>(read: () => Promise<T>, message: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) throw data({ message }, { status: 404 });
    throw error;
  }
}
