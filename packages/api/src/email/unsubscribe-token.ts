/**
 * Signed one-click unsubscribe tokens: `u1.<customerId>.<HMAC-SHA256(key, purpose + id)>`.
 * They never expire (RFC 8058 links must keep working), carry no secret, and cannot be made for
 * another customer without the server's signing key.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ApiConfig } from "../context.ts";

export const UNSUBSCRIBE_PURPOSE = "job-updates";

function signature(signingKey: string, customerId: number, purpose: string): string {
  return createHmac("sha256", signingKey)
    .update(`traveler-unsubscribe:v1:${purpose}:${customerId}`)
    .digest("base64url");
}

export function createUnsubscribeToken(
  signingKey: string,
  customerId: number,
  purpose: string = UNSUBSCRIBE_PURPOSE,
): string {
  return `u1.${customerId}.${signature(signingKey, customerId, purpose)}`;
}

/** The customer id a token was made for, or null when it is malformed or forged. */
export function verifyUnsubscribeToken(
  signingKey: string,
  token: string,
  purpose: string = UNSUBSCRIBE_PURPOSE,
): number | null {
  const match = /^u1\.([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const customerId = Number(match[1]);
  if (!Number.isSafeInteger(customerId)) return null;
  const expected = Buffer.from(signature(signingKey, customerId, purpose));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? customerId : null;
}

/**
 * The key that signs email links: `config.emailSigningKey`, or one derived from the ALTCHA key
 * so a deployment with only that secret still signs with a server-side secret.
 */
export function emailSigningKey(
  config: Pick<ApiConfig, "altchaHmacKey" | "emailSigningKey">,
): string {
  if (config.emailSigningKey) return config.emailSigningKey;
  return createHmac("sha256", config.altchaHmacKey).update("traveler-email-signing").digest("hex");
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/unsubscribe/${encodeURIComponent(token)}`;
}
