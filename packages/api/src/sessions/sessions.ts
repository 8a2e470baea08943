import type { Db } from "@traveler/db";
import { sql } from "kysely";
import type { Actor, ApiServices } from "../services.ts";
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
 * With `touch` (default) the idle expiry slides forward, at most once a minute. Returns null for
 * anything invalid and deletes sessions found expired or orphaned.
 *
 * The valid case, sliding included, is ONE statement (it runs on every page view): the update
 * is a data-modifying CTE over the same row, and the idle timeout comes from the config or
 * shop_settings inside the statement.
 */
export async function resolveSession(
  services: ApiServices,
  token: string | null | undefined,
  options: { touch?: boolean } = {},
): Promise<{ actor: Exclude<Actor, { type: "anonymous" }>; sessionToken: string } | null> {
  if (!token || !isWellFormedToken(token)) return null;
  const { db, clock, config } = services;
  const id = hashToken(token);
  const now = clock.now();
  const touchBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  const touch = options.touch !== false;
  const { rows } = await sql<{
    subject_type: SubjectType;
    subject_id: number;
    expires_at: Date;
    idle_expires_at: Date;
    slid_until: Date | null;
    allowed: boolean | null;
    name: string | null;
    email: string | null;
    username: string | null;
    role: "admin" | "staff" | null;
  }>`
    with s as (
      select id, subject_type, subject_id, last_seen_at, idle_expires_at, expires_at
      from sessions where id = ${id}
    ), slid as (
      update sessions u
         set last_seen_at = ${now},
             idle_expires_at = least(
               ${now}::timestamptz + make_interval(mins => coalesce(
                 case when s.subject_type = 'customer' then ${config.customerIdleMinutes ?? null}::int
                      else ${config.staffIdleMinutes ?? null}::int end,
                 (select case when s.subject_type = 'customer' then customer_idle_minutes
                              else staff_idle_minutes end
                    from shop_settings where id = 1))),
               s.expires_at)
        from s
       where u.id = s.id and ${touch} and s.last_seen_at <= ${touchBefore}
         and s.expires_at > ${now} and s.idle_expires_at > ${now}
      returning u.idle_expires_at
    )
    select s.subject_type, s.subject_id, s.expires_at, s.idle_expires_at,
           (select idle_expires_at from slid) as slid_until,
           case when s.subject_type = 'customer'
                then c.id is not null and c.deleted_at is null and c.portal_enabled
                     and c.password_hash is not null
                else u.id is not null and u.deleted_at is null and u.active end as allowed,
           coalesce(c.name, u.display_name) as name, c.email, u.username, u.role
      from s
      left join customers c on s.subject_type = 'customer' and c.id = s.subject_id
      left join staff_users u on s.subject_type = 'staff' and u.id = s.subject_id`.execute(db);
  const session = rows[0];
  if (!session) return null;
  if (now >= session.expires_at || now >= session.idle_expires_at || !session.allowed) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  const idleExpiresAt = session.slid_until ?? session.idle_expires_at;
  if (session.subject_type === "customer") {
    return {
      actor: {
        type: "customer",
        customerId: Number(session.subject_id),
        name: session.name ?? "",
        email: session.email ?? "",
        sessionId: id,
        idleExpiresAt,
      },
      sessionToken: token,
    };
  }
  return {
    actor: {
      type: "staff",
      staffId: Number(session.subject_id),
      role: session.role ?? "staff",
      name: session.name ?? "",
      username: session.username ?? "",
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
