import type { Db } from "@traveler/db";
import { generateToken, hashToken, isWellFormedToken } from "../sessions/session-token.ts";

export type OneTimeTokenKind = "invite" | "reset";

const TTL_MS: Record<OneTimeTokenKind, number> = {
  invite: 72 * 3_600_000,
  reset: 3_600_000,
};

/**
 * Stores a new one-time token for a customer (replacing any earlier one) and returns the raw
 * token for the emailed link. Only its SHA-256 is stored.
 */
export async function issueOneTimeToken(
  trx: Db,
  customerId: number,
  kind: OneTimeTokenKind,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + TTL_MS[kind]);
  await trx
    .updateTable("customers")
    .set({
      portal_login_token_hash: hashToken(token),
      portal_login_token_kind: kind,
      portal_login_token_expires_at: expiresAt,
    })
    .where("id", "=", customerId)
    .execute();
  return { token, expiresAt };
}

/** The customer a still-valid token belongs to (portal enabled, not deleted), or null. */
export async function findTokenCustomer(db: Db, token: string, now: Date) {
  if (!isWellFormedToken(token)) return null;
  const row = await db
    .selectFrom("customers")
    .select(["id", "name", "email", "portal_login_token_kind", "portal_login_token_hash"])
    .where("portal_login_token_hash", "=", hashToken(token))
    .where("portal_login_token_expires_at", ">", now)
    .where("deleted_at", "is", null)
    .where("portal_enabled", "=", true)
    .executeTakeFirst();
  if (!row?.portal_login_token_kind || !row.portal_login_token_hash) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    kind: row.portal_login_token_kind,
    tokenHash: row.portal_login_token_hash,
  };
}
