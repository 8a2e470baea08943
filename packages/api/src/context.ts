import type { Db } from "@traveler/db";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@traveler/db/errors";
import { TRPCError } from "@trpc/server";
import type { Clock } from "./clock.ts";
import { readCookie, sessionCookieName } from "./sessions/session-cookie.ts";
import { resolveSession } from "./sessions/sessions.ts";
import type { ChangeFeed } from "./sync/change-feed.ts";

/** Settings of the API that come from the deployable's env (never read from process.env here). */
export interface ApiConfig {
  /** Public base URL of the portal, for links in emails (e.g. http://localhost:3000). */
  publicUrl: string;
  /** HMAC key for ALTCHA challenges. */
  altchaHmacKey: string;
  /** Signs one-click unsubscribe links in emails; derived from altchaHmacKey when absent. */
  emailSigningKey?: string | undefined;
  /** Overrides of the idle timeouts in shop_settings (tests use short ones). */
  customerIdleMinutes?: number | undefined;
  staffIdleMinutes?: number | undefined;
  /** Absolute session lifetime. */
  sessionMaxAgeDays: number;
  /**
   * Upper bound of the ALTCHA proof-of-work counter (default 50 000: well under a second in a
   * browser). Tests use a small one.
   */
  altchaMaxNumber?: number | undefined;
  /** Multiplies the growing delay before a failed sign-in is answered (default 1; tests 0). */
  loginDelayScale?: number | undefined;
}

/** Who is calling, resolved from the session cookie or Bearer token before any procedure runs. */
export type Actor =
  | { type: "anonymous" }
  | {
      type: "customer";
      customerId: number;
      name: string;
      email: string;
      sessionId: string;
      idleExpiresAt: Date;
    }
  | {
      type: "staff";
      staffId: number;
      role: "admin" | "staff";
      name: string;
      username: string;
      sessionId: string;
      idleExpiresAt: Date;
    };

/** Process-wide services the API needs; built once by the deployable (portal server, tests). */
export interface ApiServices {
  db: Db;
  clock: Clock;
  config: ApiConfig;
  /** The process's change feed (sync.events, live pages); absent in plain in-process callers. */
  changes?: ChangeFeed | undefined;
}

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
