import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { createCaller, createContextInner } from "@traveler/api/server";
import { TRPCError } from "@trpc/server";
import type { Session } from "./session.server.ts";

/** An in-process tRPC caller acting as the session's subject (or anonymous). */
export function apiFor(request: Request, context: AppLoadContext, session: Session | null = null) {
  return createCaller(
    createContextInner({
      services: context.services,
      actor: session?.actor ?? { type: "anonymous" },
      request: {
        ip: context.ip,
        userAgent: request.headers.get("user-agent"),
        requestId: context.requestId,
      },
      sessionToken: session?.sessionToken ?? null,
    }),
  );
}

const STATUS: Partial<Record<TRPCError["code"], number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  BAD_REQUEST: 400,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/** Turns an API error into the HTTP response the error boundary shows. */
export function toResponse(error: unknown): unknown {
  if (error instanceof TRPCError) {
    const status = STATUS[error.code];
    if (status) return data({ message: error.message }, { status });
  }
  return error;
}
