import { TRPCError } from "@trpc/server";

/*
 * Failures the API reports: each helper makes the TRPCError (code + a message safe to show), and
 * where a client needs more than the message, a typed cause it can recognise (captcha required,
 * retry after, the conflicting fields). Internals never go into a message.
 */

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

/** One field an edit and someone else's change both set, with the values people compare. */
export interface FieldConflict {
  field: string;
  /** What people read, e.g. "Internal shop notes". */
  label: string;
  /** The value the editor started from (null when the edit sent no base). */
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

/** An edit that collides with someone else's change; `current` is the row as it is now. */
export class VersionConflictError extends Error {
  readonly current: unknown;
  readonly fields: FieldConflict[];
  constructor(current: unknown, fields: FieldConflict[] = []) {
    super(
      fields.length > 0
        ? `Someone else changed ${fields.map((f) => f.label.toLowerCase()).join(", ")} in the meantime. Review their change and try again.`
        : "Someone else changed this in the meantime. Review their change and try again.",
    );
    this.name = "VersionConflictError";
    this.current = current;
    this.fields = fields;
  }

  /** What the client gets in `error.data.conflict`. */
  toData(): { currentVersion: number | null; current: unknown; fields: FieldConflict[] } {
    const version = (this.current as { version?: unknown } | null)?.version;
    return {
      currentVersion: typeof version === "number" ? version : null,
      current: this.current,
      fields: this.fields,
    };
  }
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

export function editConflict(current: unknown, fields: FieldConflict[]): TRPCError {
  const cause = new VersionConflictError(current, fields);
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
