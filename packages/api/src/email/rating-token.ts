/**
 * Signed rating links in completion emails: `r1.<jobId>.<expiresAtSeconds>.<HMAC-SHA256>`, the
 * unsubscribe-token pattern with an expiry in the signed text. The link works without signing in;
 * it is one-time because a job takes one rating (the job_ratings row's unique job_id), and it
 * cannot be made for another job, or kept alive longer, without the server's signing key.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { RATING_LINK_DAYS } from "../schemas/feedback.ts";

const DAY_SECONDS = 86_400;

export type RatingTokenCheck =
  | { ok: true; jobId: number; expiresAt: Date }
  | { ok: false; reason: "invalid" | "expired" };

function signature(signingKey: string, jobId: number, expiresAt: number): string {
  return createHmac("sha256", signingKey)
    .update(`traveler-rating:v1:${jobId}:${expiresAt}`)
    .digest("base64url");
}

/** A token for rating `jobId`, valid for RATING_LINK_DAYS from `now`. */
export function createRatingToken(signingKey: string, jobId: number, now: Date): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + RATING_LINK_DAYS * DAY_SECONDS;
  return `r1.${jobId}.${expiresAt}.${signature(signingKey, jobId, expiresAt)}`;
}

/** The job a token was made for, or why it cannot be used (forged or malformed, or expired). */
export function verifyRatingToken(signingKey: string, token: string, now: Date): RatingTokenCheck {
  const match = /^r1\.([1-9][0-9]{0,15})\.([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3]) return { ok: false, reason: "invalid" };
  const jobId = Number(match[1]);
  const expiresAt = Number(match[2]);
  if (!Number.isSafeInteger(jobId)) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(signature(signingKey, jobId, expiresAt));
  const given = Buffer.from(match[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "invalid" };
  }
  // Checked after the signature: a forged token learns nothing about expiry.
  if (now.getTime() >= expiresAt * 1000) return { ok: false, reason: "expired" };
  return { ok: true, jobId, expiresAt: new Date(expiresAt * 1000) };
}

export function ratingUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/rate/${encodeURIComponent(token)}`;
}
