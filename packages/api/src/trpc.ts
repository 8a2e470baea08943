import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@traveler/db/errors";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { ApiContext } from "./context.ts";
import { CaptchaRequiredError, RateLimitedError, VersionConflictError } from "./errors.ts";

/** The server pings every subscription this often... */
export const SSE_PING_MS = 3_000;
/** ...and a client that hears nothing for this long reconnects (and knows the server is away). */
export const SSE_SILENCE_MS = 8_000;

// 1. Init ------------------------------------------------------------------------------------
// No transformer: every output is plain JSON (timestamps as ISO strings), so in-process callers
// (Remix loaders) and HTTP clients (the console) see exactly the same values.
const t = initTRPC.context<ApiContext>().create({
  // Subscriptions (consoles' sync.events) carry a ping every few seconds, and clients reconnect
  // after a silence: a hung server is noticed within seconds, not at the next write.
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_MS },
    client: { reconnectAfterInactivityMs: SSE_SILENCE_MS },
  },
  errorFormatter({ shape, error }) {
    // Internals (driver messages, stack traces) never reach a client; the log has them.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: internal ? "Something went wrong on our side. Please try again." : shape.message,
      data: {
        ...data,
        zodError: error.cause instanceof z.ZodError ? z.flattenError(error.cause) : null,
        captchaRequired: error.cause instanceof CaptchaRequiredError,
        retryAfterSeconds:
          error.cause instanceof RateLimitedError ? error.cause.retryAfterSeconds : null,
        conflict: error.cause instanceof VersionConflictError ? error.cause.toData() : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// 2. Middlewares: each narrows ctx.actor ---------------------------------------------------------
const isCustomer = t.middleware(({ ctx, next }) => {
  if (ctx.actor.type !== "customer") {
    throw new TRPCError({
      code: ctx.actor.type === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN",
      message: ctx.actor.type === "anonymous" ? "Please sign in." : "This is for customers.",
    });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

const isSignedIn = t.middleware(({ ctx, next }) => {
  if (ctx.actor.type === "anonymous") {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

const isStaff = t.middleware(({ ctx, next }) => {
  if (ctx.actor.type !== "staff") {
    throw new TRPCError({
      code: ctx.actor.type === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN",
      message: ctx.actor.type === "anonymous" ? "Please sign in." : "This is for shop staff.",
    });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

const isAdmin = t.middleware(({ ctx, next }) => {
  if (ctx.actor.type !== "staff") {
    throw new TRPCError({
      code: ctx.actor.type === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN",
      message: "Please sign in as an administrator.",
    });
  }
  if (ctx.actor.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only administrators can do this." });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/**
 * Every string that enters through a procedure's input, cleaned once, before any validator: a lone
 * UTF-16 surrogate (which PostgreSQL's jsonb and text refuse) becomes U+FFFD, and U+0000 (which
 * PostgreSQL text cannot hold) is refused with a clear 400. Keys are checked too.
 */
function cleanStrings(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    if (value.includes("\u0000")) throw new NulInTextError();
    return value.isWellFormed() ? value : value.toWellFormed();
  }
  if (depth > 20 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[cleanStrings(key, depth + 1) as string] = cleanStrings(item, depth + 1);
  }
  return out;
}

class NulInTextError extends Error {}

const cleansText = t.middleware(async ({ getRawInput, next }) => {
  let cleaned: unknown;
  try {
    cleaned = cleanStrings(await getRawInput());
  } catch (error) {
    if (error instanceof NulInTextError) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "Text must not contain NUL characters.",
      });
    }
    throw error;
  }
  return next({ getRawInput: async () => cleaned });
});

/** A database that went away mid-request is a 503 with a clear message, not a 500. */
const databaseFaults = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDatabaseUnavailable(result.error)) {
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: DATABASE_UNAVAILABLE_MESSAGE,
      cause: result.error,
    });
  }
  return result;
});

const base = t.procedure.use(databaseFaults);

// 3. Procedure builders ----------------------------------------------------------------------
export const publicProcedure = base.use(cleansText);
export const signedInProcedure = base.use(isSignedIn).use(cleansText);
export const customerProcedure = base.use(isCustomer).use(cleansText);
export const staffProcedure = base.use(isStaff).use(cleansText);
export const adminProcedure = base.use(isAdmin).use(cleansText);

/**
 * Procedures that must arrive alone, never inside a batch: one HTTP request must not carry many
 * password guesses or reset requests past the per-request checks.
 */
export const UNBATCHED_PROCEDURES: ReadonlySet<string> = new Set([
  "auth.login",
  "auth.requestPasswordReset",
  "auth.redeemToken",
  "auth.changePassword",
  "auth.checkToken",
]);

/** The most calls one batch request may carry (clients' httpBatchLink maxItems matches). */
export const MAX_BATCH_SIZE = 10;

/** Why a batch of these procedure paths is refused, or null when it may run. */
export function batchProblem(paths: string[]): string | null {
  if (paths.length > MAX_BATCH_SIZE) {
    return `At most ${MAX_BATCH_SIZE} calls may be batched in one request.`;
  }
  if (paths.length > 1 && paths.some((p) => UNBATCHED_PROCEDURES.has(p))) {
    return "Sign-in and password requests must be sent one at a time.";
  }
  return null;
}
