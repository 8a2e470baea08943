import { TRPCError } from "@trpc/server";

/**
 * Typed domain failures. Each carries a `kind` that maps to one TRPCError code; messages are
 * safe to show to the user. Internals never go into a message.
 */
export class DomainError extends Error {
  readonly kind: "not_found" | "conflict" | "bad_input" | "forbidden" | "unauthorized";
  constructor(kind: DomainError["kind"], message: string) {
    super(message);
    this.name = "DomainError";
    this.kind = kind;
  }
}

/** The login form must show the ALTCHA widget and send a solution. */
export class CaptchaRequiredError extends Error {
  readonly captchaRequired = true;
  constructor() {
    super("Please complete the human check.");
    this.name = "CaptchaRequiredError";
  }
}

/** Too many attempts: try again in `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts. Please try again in ${retryAfterSeconds} seconds.`);
    this.name = "RateLimitedError";
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** An optimistic-concurrency mismatch; `current` is the row as it is now. */
export class VersionConflictError extends Error {
  readonly current: unknown;
  constructor(current: unknown) {
    super("Someone else changed this in the meantime. Review their change and try again.");
    this.name = "VersionConflictError";
    this.current = current;
  }
}

const CODES = {
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  bad_input: "BAD_REQUEST",
  forbidden: "FORBIDDEN",
  unauthorized: "UNAUTHORIZED",
} as const;

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: CODES[error.kind], message: error.message, cause: error });
}

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message });
}

export function badInput(message: string): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message });
}

export function captchaRequired(): TRPCError {
  const cause = new CaptchaRequiredError();
  return new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
}

export function rateLimited(retryAfterSeconds: number): TRPCError {
  const cause = new RateLimitedError(retryAfterSeconds);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
}

export function versionConflict(current: unknown): TRPCError {
  const cause = new VersionConflictError(current);
  return new TRPCError({ code: "CONFLICT", message: cause.message, cause });
}

/** What an in-process caller (a Remix action) needs to know about a failed login. */
export function loginThrottleInfo(error: unknown): {
  captchaRequired: boolean;
  retryAfterSeconds: number | null;
} {
  const cause = error instanceof TRPCError ? error.cause : error;
  return {
    captchaRequired: cause instanceof CaptchaRequiredError,
    retryAfterSeconds: cause instanceof RateLimitedError ? cause.retryAfterSeconds : null,
  };
}
