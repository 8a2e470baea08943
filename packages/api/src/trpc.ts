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
    return {
      ...shape,
      data: {
        ...shape.data,
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
export const mergeRouters = t.mergeRouters;

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
 * PostgreSQL text cannot hold U+0000: refuse it in any input string up front (a 400 with a clear
 * message instead of a database error). Runs after the role check, before input parsing.
 */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 20 || typeof value !== "object" || value === null) return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000") || containsNul(item, depth + 1)) return true;
  }
  return false;
}

const rejectsNul = t.middleware(async ({ getRawInput, next }) => {
  if (containsNul(await getRawInput())) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Text must not contain NUL characters." });
  }
  return next();
});

// 3. Procedure builders ----------------------------------------------------------------------
export const publicProcedure = t.procedure.use(rejectsNul);
export const signedInProcedure = t.procedure.use(isSignedIn).use(rejectsNul);
export const customerProcedure = t.procedure.use(isCustomer).use(rejectsNul);
export const staffProcedure = t.procedure.use(isStaff).use(rejectsNul);
export const adminProcedure = t.procedure.use(isAdmin).use(rejectsNul);
