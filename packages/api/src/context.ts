import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@traveler/db/errors";
import { TRPCError } from "@trpc/server";
import type { Actor, ApiServices } from "./services.ts";
import { readCookie, sessionCookieName } from "./sessions/session-cookie.ts";
import { resolveSession } from "./sessions/sessions.ts";

export type { Actor, ApiConfig, ApiServices } from "./services.ts";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface ApiContext extends ApiServices {
  actor: Actor;
  request: RequestMeta;
  /** The raw session token the request carried, if any (logout needs it). */
  sessionToken: string | null;
}

/** The context without any HTTP: tests and in-process callers use this directly. */
export function createContextInner(input: {
  services: ApiServices;
  actor?: Actor;
  request?: Partial<RequestMeta>;
  sessionToken?: string | null;
}): ApiContext {
  return {
    ...input.services,
    actor: input.actor ?? { type: "anonymous" },
    request: {
      ip: input.request?.ip ?? null,
      userAgent: input.request?.userAgent ?? null,
      requestId: input.request?.requestId ?? "internal",
    },
    sessionToken: input.sessionToken ?? null,
  };
}

/**
 * The adapter for HTTP transports: reads the session from the cookie or an
 * `Authorization: Bearer <token>` header. Behind https (the public URL says so) only the
 * `__Host-` cookie counts: a plain-named cookie could have been planted by a sibling subdomain
 * or over http. An invalid or expired token gives an anonymous actor, never an error; a database
 * that cannot be reached is a 503.
 */
export async function createContextFromHeaders(
  services: ApiServices,
  headers: {
    cookieHeader?: string | null | undefined;
    authorization?: string | null | undefined;
    ip?: string | null | undefined;
    userAgent?: string | null | undefined;
    requestId?: string | null | undefined;
  },
): Promise<ApiContext> {
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
  const secure = services.config.publicUrl.startsWith("https://");
  const token = bearer ?? readCookie(headers.cookieHeader, sessionCookieName(secure));
  let session: Awaited<ReturnType<typeof resolveSession>>;
  try {
    session = await resolveSession(services, token);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new TRPCError({
        code: "SERVICE_UNAVAILABLE",
        message: DATABASE_UNAVAILABLE_MESSAGE,
        cause: error,
      });
    }
    throw error;
  }
  return createContextInner({
    services,
    actor: session?.actor ?? { type: "anonymous" },
    request: {
      ip: headers.ip ?? null,
      userAgent: headers.userAgent ?? null,
      requestId: headers.requestId ?? "internal",
    },
    sessionToken: session?.sessionToken ?? null,
  });
}
