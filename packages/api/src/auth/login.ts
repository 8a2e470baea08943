import { hashPassword, verifyPassword } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { captchaRequired, rateLimited } from "../errors.ts";
import type { LoginInput, LoginOutput } from "../schemas/auth.ts";
import { createSession } from "../sessions/sessions.ts";
import { verifyAltcha } from "./altcha.ts";
import { countLoginAttempt, failureDelayMs, recordLoginSuccess } from "./login-throttle.ts";

export type LoginFailureReason =
  | "unknown_account"
  | "bad_password"
  | "portal_disabled"
  | "inactive"
  | "captcha_required"
  | "rate_limited";

let dummyHash: Promise<string> | undefined;
/** A real argon2id hash to verify against when the account does not exist (same work, same time). */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("no-such-account-timing-equaliser");
  return dummyHash;
}

export function loginFailedMessage(kind: "customer" | "staff"): string {
  return kind === "customer"
    ? "Email or password is incorrect."
    : "Username or password is incorrect.";
}

interface Candidate {
  id: number;
  name: string;
  role?: "admin" | "staff";
  passwordHash: string | null;
  /** Why this account may not sign in even with the right password. */
  blocked: "portal_disabled" | "inactive" | null;
}

async function findCandidate(ctx: ApiContext, input: LoginInput): Promise<Candidate | null> {
  if (input.kind === "customer") {
    const row = await ctx.db
      .selectFrom("customers")
      .select(["id", "name", "password_hash", "portal_enabled"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email.toLowerCase()))
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      passwordHash: row.password_hash,
      blocked: row.portal_enabled && row.password_hash ? null : "portal_disabled",
    };
  }
  const row = await ctx.db
    .selectFrom("staff_users")
    .select(["id", "display_name", "role", "password_hash", "active", "deleted_at"])
    .where((eb) => eb(eb.fn("lower", ["username"]), "=", input.username.toLowerCase()))
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    blocked: row.active && !row.deleted_at ? null : "inactive",
  };
}

/** The throttle's key for an account (same for a login and a challenge request). */
export function loginAccountKey(kind: "customer" | "staff", identifier: string): string {
  return `${kind}:${identifier.trim().toLowerCase()}`;
}

/**
 * Password sign-in for both kinds of account. Order: the attempt is counted (atomically, before
 * any password work) and may need a human check of the level the count calls for, or meet the
 * per-IP hard limit (429); then one argon2 verification whether or not the account exists; one
 * generic message for every failure, after a delay that grows with the account's attempts; the
 * reason goes to the audit log only.
 */
export async function login(ctx: ApiContext, input: LoginInput): Promise<LoginOutput> {
  const identifier = input.kind === "customer" ? input.email : input.username;
  const accountKey = loginAccountKey(input.kind, identifier);
  const ip = ctx.request.ip;
  const failure = (reason: LoginFailureReason, id: number | null) =>
    audit(ctx, {
      action: "auth.login.failure",
      targetType: input.kind,
      targetId: id,
      details: { reason, identifier: identifier.slice(0, 254) },
    });

  const counted = await countLoginAttempt(ctx.db, accountKey, ip);
  if (counted.state === "blocked") {
    await failure("rate_limited", null);
    throw rateLimited(counted.retryAfterSeconds);
  }
  if (counted.level > 0 && !(await verifyAltcha(ctx.db, ctx.config, input.altcha, counted.level))) {
    await failure("captcha_required", null);
    throw captchaRequired();
  }

  const candidate = await findCandidate(ctx, input);
  const passwordOk = await verifyPassword(
    candidate?.passwordHash ?? (await dummyPasswordHash()),
    input.password,
  );
  const reason: LoginFailureReason | null = !candidate
    ? "unknown_account"
    : candidate.blocked
      ? candidate.blocked
      : passwordOk
        ? null
        : "bad_password";
  if (reason || !candidate) {
    await failure(reason ?? "unknown_account", candidate?.id ?? null);
    const delay = failureDelayMs(counted.attempt) * (ctx.config.loginDelayScale ?? 1);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    throw new TRPCError({ code: "UNAUTHORIZED", message: loginFailedMessage(input.kind) });
  }

  await recordLoginSuccess(ctx.db, accountKey, ip);
  return signIn(ctx, {
    type: input.kind,
    id: candidate.id,
    name: candidate.name,
    role: candidate.role,
  });
}

/** Creates the session, stamps the last login and audits it (login and token redemption). */
export async function signIn(
  ctx: ApiContext,
  subject: {
    type: "customer" | "staff";
    id: number;
    name: string;
    role?: "admin" | "staff" | undefined;
  },
  action = "auth.login.success",
): Promise<LoginOutput> {
  return ctx.db.transaction().execute(async (trx) => {
    const session = await createSession(ctx, trx, subject, ctx.request);
    if (subject.type === "customer") {
      // At most hourly: each update bumps the customer's version (and sync txid), so frequent
      // logins would otherwise turn a staff edit in flight into a needless CONFLICT.
      const now = ctx.clock.now();
      await trx
        .updateTable("customers")
        .set({ portal_last_login: now })
        .where("id", "=", subject.id)
        .where((eb) =>
          eb.or([
            eb("portal_last_login", "is", null),
            eb("portal_last_login", "<", new Date(now.getTime() - 3_600_000)),
          ]),
        )
        .execute();
    }
    await audit(
      ctx,
      {
        action,
        targetType: subject.type,
        targetId: subject.id,
        actor: { type: subject.type, id: subject.id },
      },
      trx,
    );
    return {
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      idleExpiresAt: session.idleExpiresAt.toISOString(),
      actor: {
        type: subject.type,
        name: subject.name,
        ...(subject.role ? { role: subject.role } : {}),
      },
    };
  });
}
