import type { Db } from "@traveler/db";
import { CompiledQuery } from "kysely";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";

/**
 * Login throttling on rate-limiter-flexible's PostgreSQL store (table `rate_limits`, migration
 * 0002), so every server instance shares the counters. The store gets a small adapter over the
 * Kysely instance instead of a pg Pool, so ApiServices stays as it is and PGlite works too.
 * Windows run on wall-clock time (the library reads Date.now).
 */
export const LOGIN_LIMITS = {
  /** Failed logins per account before the ALTCHA check is required. */
  accountCaptchaAfter: 3,
  /** Hard limit per account in the 15-minute window. */
  accountMax: 10,
  windowSeconds: 15 * 60,
  /** Failed logins per IP in 15 minutes before the ALTCHA check is required. */
  ipCaptchaAfter: 10,
  /** Hard limit per IP per hour. */
  ipHourMax: 50,
  ipHourSeconds: 60 * 60,
  /** Reset requests: per address (silently dropped beyond) and per IP (429 beyond). */
  resetPerAddressHour: 3,
  resetPerIpHour: 20,
} as const;

interface Limiters {
  account: RateLimiterPostgres;
  ip15: RateLimiterPostgres;
  ipHour: RateLimiterPostgres;
  resetAddress: RateLimiterPostgres;
  resetIp: RateLimiterPostgres;
}

const byDb = new WeakMap<Db, Limiters>();

function kyselyStore(db: Db) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const result = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      return {
        rows: result.rows,
        rowCount: Number(result.numAffectedRows ?? result.rows.length),
      };
    },
  };
}

function limiter(db: Db, keyPrefix: string, points: number, duration: number) {
  return new RateLimiterPostgres({
    storeClient: kyselyStore(db),
    storeType: "client",
    tableName: "rate_limits",
    tableCreated: true,
    // Every 5 minutes (timer unref'd) rows expired over an hour ago are deleted.
    clearExpiredByTimeout: true,
    keyPrefix,
    points,
    duration,
  });
}

function limiters(db: Db): Limiters {
  let found = byDb.get(db);
  if (!found) {
    found = {
      account: limiter(db, "login_account", LOGIN_LIMITS.accountMax, LOGIN_LIMITS.windowSeconds),
      ip15: limiter(db, "login_ip15", 1_000_000, LOGIN_LIMITS.windowSeconds),
      ipHour: limiter(db, "login_ip60", LOGIN_LIMITS.ipHourMax, LOGIN_LIMITS.ipHourSeconds),
      resetAddress: limiter(db, "reset_addr", LOGIN_LIMITS.resetPerAddressHour, 3600),
      resetIp: limiter(db, "reset_ip", LOGIN_LIMITS.resetPerIpHour, 3600),
    };
    byDb.set(db, found);
  }
  return found;
}

function consumed(res: RateLimiterRes | null): number {
  return res?.consumedPoints ?? 0;
}

function seconds(res: RateLimiterRes | null): number {
  return Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000));
}

export type LoginGate =
  | { state: "open" }
  | { state: "captcha" }
  | { state: "blocked"; retryAfterSeconds: number };

/** Decides, before any password work, whether this attempt may proceed. */
export async function loginGate(db: Db, accountKey: string, ip: string | null): Promise<LoginGate> {
  const l = limiters(db);
  const [account, ip15, ipHour] = await Promise.all([
    l.account.get(accountKey),
    ip ? l.ip15.get(ip) : null,
    ip ? l.ipHour.get(ip) : null,
  ]);
  if (consumed(account) >= LOGIN_LIMITS.accountMax) {
    return { state: "blocked", retryAfterSeconds: seconds(account) };
  }
  if (consumed(ipHour) >= LOGIN_LIMITS.ipHourMax) {
    return { state: "blocked", retryAfterSeconds: seconds(ipHour) };
  }
  if (
    consumed(account) >= LOGIN_LIMITS.accountCaptchaAfter ||
    consumed(ip15) >= LOGIN_LIMITS.ipCaptchaAfter
  ) {
    return { state: "captcha" };
  }
  return { state: "open" };
}

export async function recordLoginFailure(db: Db, accountKey: string, ip: string | null) {
  const l = limiters(db);
  await Promise.all([
    l.account.penalty(accountKey, 1),
    ip ? l.ip15.penalty(ip, 1) : null,
    ip ? l.ipHour.penalty(ip, 1) : null,
  ]);
}

/** A successful login clears the account's counter (not the IP's). */
export async function recordLoginSuccess(db: Db, accountKey: string) {
  await limiters(db).account.delete(accountKey);
}

/**
 * Counts one reset request. Returns "send" when the email may be queued, "drop" when this
 * address had enough for the hour (the answer stays ok), or the IP's retry time when the IP is
 * over its limit.
 */
export async function passwordResetGate(
  db: Db,
  address: string,
  ip: string | null,
): Promise<{ state: "send" | "drop" } | { state: "blocked"; retryAfterSeconds: number }> {
  const l = limiters(db);
  if (ip) {
    const ipRes = await l.resetIp.penalty(ip, 1);
    if (ipRes.consumedPoints > LOGIN_LIMITS.resetPerIpHour) {
      return { state: "blocked", retryAfterSeconds: seconds(ipRes) };
    }
  }
  const addressRes = await l.resetAddress.penalty(address, 1);
  return { state: addressRes.consumedPoints > LOGIN_LIMITS.resetPerAddressHour ? "drop" : "send" };
}
