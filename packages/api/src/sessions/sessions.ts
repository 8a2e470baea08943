import type { Db } from "@traveler/db";
import type { Actor, ApiServices } from "../context.ts";
import { generateToken, hashToken, isWellFormedToken } from "./session-token.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A session's last_seen_at is written at most this often (one write per minute, not per request). */
const TOUCH_INTERVAL_MS = MINUTE;

export type SubjectType = "customer" | "staff";

export interface NewSession {
  token: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

/**
 * Idle timeout of a subject type: ApiConfig override, else shop_settings. `db` is the caller's
 * connection or transaction: inside a transaction it must be the transaction itself (on the
 * embedded database another connection would wait for the transaction to end, forever).
 */
export async function idleMinutes(
  services: ApiServices,
  db: Db,
  type: SubjectType,
): Promise<number> {
  const override =
    type === "customer" ? services.config.customerIdleMinutes : services.config.staffIdleMinutes;
  if (override !== undefined) return override;
  const row = await db
    .selectFrom("shop_settings")
    .select(["customer_idle_minutes", "staff_idle_minutes"])
    .where("id", "=", 1)
    .executeTakeFirst();
  if (!row) return type === "customer" ? 30 : 720;
  return type === "customer" ? row.customer_idle_minutes : row.staff_idle_minutes;
}

/** Creates a session and returns the raw token (given to the client once, never stored). */
export async function createSession(
  services: ApiServices,
  db: Db,
  subject: { type: SubjectType; id: number },
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = generateToken();
  const now = services.clock.now();
  // Housekeeping on the subject's own rows (indexed): drop its sessions that have expired.
  await db
    .deleteFrom("sessions")
    .where("subject_type", "=", subject.type)
    .where("subject_id", "=", subject.id)
    .where((eb) => eb.or([eb("expires_at", "<=", now), eb("idle_expires_at", "<=", now)]))
    .execute();
  const idle = await idleMinutes(services, db, subject.type);
  const expiresAt = new Date(now.getTime() + services.config.sessionMaxAgeDays * DAY);
  const idleExpiresAt = new Date(Math.min(now.getTime() + idle * MINUTE, expiresAt.getTime()));
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      subject_type: subject.type,
      subject_id: subject.id,
      created_at: now,
      last_seen_at: now,
      idle_expires_at: idleExpiresAt,
      expires_at: expiresAt,
      ip: meta.ip?.slice(0, 100) ?? null,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return { token, expiresAt, idleExpiresAt };
}

/**
 * Validates a raw token: hash lookup, absolute and idle expiry, subject still allowed in
 * (customer not deleted, portal enabled, has a password; staff active and not deleted).
 * With `touch` (default) the idle expiry slides forward. Returns null for anything invalid and
 * deletes sessions found expired or orphaned.
 */
export async function resolveSession(
  services: ApiServices,
  token: string | null | undefined,
  options: { touch?: boolean } = {},
): Promise<{ actor: Exclude<Actor, { type: "anonymous" }>; sessionToken: string } | null> {
  if (!token || !isWellFormedToken(token)) return null;
  const { db, clock } = services;
  const id = hashToken(token);
  const session = await db
    .selectFrom("sessions")
    .select(["id", "subject_type", "subject_id", "last_seen_at", "idle_expires_at", "expires_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!session) return null;
  const now = clock.now();
  if (now >= session.expires_at || now >= session.idle_expires_at) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }

  let idleExpiresAt = session.idle_expires_at;
  if (
    options.touch !== false &&
    now.getTime() - session.last_seen_at.getTime() >= TOUCH_INTERVAL_MS
  ) {
    const idle = await idleMinutes(services, db, session.subject_type);
    idleExpiresAt = new Date(Math.min(now.getTime() + idle * MINUTE, session.expires_at.getTime()));
    await db
      .updateTable("sessions")
      .set({ last_seen_at: now, idle_expires_at: idleExpiresAt })
      .where("id", "=", id)
      .execute();
  }

  if (session.subject_type === "customer") {
    const customer = await db
      .selectFrom("customers")
      .select(["id", "name", "email"])
      .where("id", "=", session.subject_id)
      .where("deleted_at", "is", null)
      .where("portal_enabled", "=", true)
      .where("password_hash", "is not", null)
      .executeTakeFirst();
    if (!customer) {
      await db.deleteFrom("sessions").where("id", "=", id).execute();
      return null;
    }
    return {
      actor: {
        type: "customer",
        customerId: customer.id,
        name: customer.name,
        email: customer.email,
        sessionId: id,
        idleExpiresAt,
      },
      sessionToken: token,
    };
  }
  const staff = await db
    .selectFrom("staff_users")
    .select(["id", "display_name", "username", "role"])
    .where("id", "=", session.subject_id)
    .where("deleted_at", "is", null)
    .where("active", "=", true)
    .executeTakeFirst();
  if (!staff) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  return {
    actor: {
      type: "staff",
      staffId: staff.id,
      role: staff.role,
      name: staff.display_name,
      username: staff.username,
      sessionId: id,
      idleExpiresAt,
    },
    sessionToken: token,
  };
}

/** Ends one session (logout). */
/**
 * Sessions ended in this process (sign-out, password change, portal disabled): open live streams
 * check themselves at once instead of at their next periodic recheck.
 */
const ended = new EventTarget();
export function onSessionsEnded(listener: () => void): () => void {
  ended.addEventListener("ended", listener);
  return () => ended.removeEventListener("ended", listener);
}
function announceEnded(): void {
  // After the current tick: the deleting transaction (if any) has had its chance to commit.
  setTimeout(() => ended.dispatchEvent(new Event("ended")), 50);
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
  announceEnded();
}

/**
 * Ends every session of a subject (password change, portal disabled, staff deactivated),
 * optionally keeping the one making the change.
 */
export async function invalidateSubjectSessions(
  db: Db,
  subject: { type: SubjectType; id: number },
  options: { exceptSessionId?: string } = {},
): Promise<void> {
  let query = db
    .deleteFrom("sessions")
    .where("subject_type", "=", subject.type)
    .where("subject_id", "=", subject.id);
  if (options.exceptSessionId) query = query.where("id", "<>", options.exceptSessionId);
  await query.execute();
  announceEnded();
}
