import { isIPv6 } from "node:net";
import type { Db } from "@traveler/db";
import { CompiledQuery } from "kysely";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";

/**
 * Sign-in and reset throttling on rate-limiter-flexible's PostgreSQL store (table `rate_limits`,
 * migration 0002), so every server instance shares the counters. The store gets a small adapter
 * over the Kysely instance instead of a pg Pool, so ApiServices stays as it is and PGlite works.
 *
 * Every attempt is counted BEFORE the password is checked, atomically in PostgreSQL (the store's
 * `consume` is one upsert that returns the new count), so parallel or batched guesses cannot all
 * slip past the check. Per account nothing ever locks the owner out: beyond a few free attempts
 * each attempt needs a fresh solved human check (ALTCHA proof of work) whose difficulty grows with
 * the attempts, and failures are answered after a growing delay. Per IP (per /64 for IPv6) there is
 * a hard limit with 429.
 */
export const LOGIN_POLICY = {
  /** Attempts per account in the window that need no human check. */
  freeAttempts: 3,
  windowSeconds: 15 * 60,
  /** Attempts per IP in the window before every attempt from it needs the human check. */
  ipCaptchaAfter: 10,
  /** Hard limit of attempts per IP (or IPv6 /64) per hour: 429 beyond. */
  ipHourMax: 50,
  ipHourSeconds: 60 * 60,
  /** Reset requests per requester (address + IP) per hour: more are dropped silently. */
  resetPerRequesterHour: 3,
  /** Reset requests per IP per hour: 429 beyond. */
  resetPerIpHour: 20,
} as const;

/**
 * How hard the human check is at the `attempt`-th attempt on one account (0: none needed). The
 * proof-of-work counter range is multiplied by it: about 0.1 s of a phone's time at level 1, a
 * few seconds at level 20 — nothing for the owner, a wall for a password sprayer.
 */
export function humanCheckLevel(attempt: number, ipAttempts = 0): number {
  if (attempt > 20) return 20;
  if (attempt > 10) return 4;
  if (attempt > LOGIN_POLICY.freeAttempts || ipAttempts > LOGIN_POLICY.ipCaptchaAfter) return 1;
  return 0;
}

/** A failed attempt is answered after this long (the n-th attempt on one account). */
export function failureDelayMs(attempt: number): number {
  if (attempt <= LOGIN_POLICY.freeAttempts) return 0;
  return Math.min(250 * 2 ** (attempt - LOGIN_POLICY.freeAttempts - 1), 4_000);
}

/** The key an IP is counted under: the address, or its /64 for IPv6 (one household or VM). */
export function ipKey(ip: string): string {
  const plain = ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  if (!isIPv6(plain)) return plain;
  const [head = "", tail = ""] = plain.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = plain.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || "0", 16).toString(16))
    .join(":")}::/64`;
}

interface Limiters {
  account: RateLimiterPostgres;
  ip15: RateLimiterPostgres;
  ipHour: RateLimiterPostgres;
  resetRequester: RateLimiterPostgres;
  resetIp: RateLimiterPostgres;
}

const byDb = new WeakMap<Db, Limiters>();
/** Counters that only count (they never refuse by themselves). */
const UNLIMITED = 1_000_000_000;

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
      account: limiter(db, "login_account", UNLIMITED, LOGIN_POLICY.windowSeconds),
      ip15: limiter(db, "login_ip15", UNLIMITED, LOGIN_POLICY.windowSeconds),
      ipHour: limiter(db, "login_ip60", LOGIN_POLICY.ipHourMax, LOGIN_POLICY.ipHourSeconds),
      resetRequester: limiter(db, "reset_req", UNLIMITED, 3600),
      resetIp: limiter(db, "reset_ip", LOGIN_POLICY.resetPerIpHour, 3600),
    };
    byDb.set(db, found);
  }
  return found;
}

function seconds(res: RateLimiterRes | null): number {
  return Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000));
}

/** Consumes one point; a refusal (points exhausted) comes back as its result, not a throw. */
async function consume(
  l: RateLimiterPostgres,
  key: string,
): Promise<RateLimiterRes & { over: boolean }> {
  try {
    return Object.assign(await l.consume(key, 1), { over: false });
  } catch (error) {
    if (error instanceof Error) throw error; // the store failed
    return Object.assign(error as RateLimiterRes, { over: true });
  }
}

export type LoginAttempt =
  | { state: "blocked"; retryAfterSeconds: number }
  | { state: "counted"; attempt: number; level: number };

/**
 * Counts one sign-in attempt (before any password work) and says what it needs: nothing, a human
 * check of some level, or nothing more today from this IP (429).
 */
export async function countLoginAttempt(
  db: Db,
  accountKey: string,
  ip: string | null,
): Promise<LoginAttempt> {
  const l = limiters(db);
  const key = ip ? ipKey(ip) : null;
  const [account, ip15, ipHour] = await Promise.all([
    consume(l.account, accountKey),
    key ? consume(l.ip15, key) : null,
    key ? consume(l.ipHour, key) : null,
  ]);
  if (ipHour?.over) return { state: "blocked", retryAfterSeconds: seconds(ipHour) };
  const attempt = account.consumedPoints;
  return { state: "counted", attempt, level: humanCheckLevel(attempt, ip15?.consumedPoints ?? 0) };
}

/** How hard a human check for this account must be right now (for a fresh challenge). */
export async function currentHumanCheckLevel(db: Db, accountKey: string): Promise<number> {
  const res = await limiters(db).account.get(accountKey);
  // The next attempt is the one the challenge will be solved for.
  return Math.max(1, humanCheckLevel((res?.consumedPoints ?? 0) + 1));
}

/**
 * A successful sign-in clears the account's count and gives its attempt back to the IP: the IP
 * limits then count failures only (a busy shop behind one address signs in all day), while every
 * attempt still counted before its password check.
 */
export async function recordLoginSuccess(db: Db, accountKey: string, ip: string | null) {
  const l = limiters(db);
  const key = ip ? ipKey(ip) : null;
  await Promise.all([
    l.account.delete(accountKey),
    key ? l.ip15.reward(key, 1) : null,
    key ? l.ipHour.reward(key, 1) : null,
  ]);
}

/**
 * Counts one reset request. Limits are by requester (the address together with the IP asking),
 * so a flood from elsewhere cannot use up the owner's own requests: "send" when the email may be
 * queued, "drop" when this requester had enough for the hour (the answer stays ok), or the IP's
 * retry time when the IP is over its limit.
 */
export async function passwordResetGate(
  db: Db,
  address: string,
  ip: string | null,
): Promise<{ state: "send" | "drop" } | { state: "blocked"; retryAfterSeconds: number }> {
  const l = limiters(db);
  const key = ip ? ipKey(ip) : "unknown";
  const ipRes = await consume(l.resetIp, key);
  if (ipRes.over) return { state: "blocked", retryAfterSeconds: seconds(ipRes) };
  const mine = await consume(l.resetRequester, `${address}|${key}`);
  return { state: mine.consumedPoints > LOGIN_POLICY.resetPerRequesterHour ? "drop" : "send" };
}
