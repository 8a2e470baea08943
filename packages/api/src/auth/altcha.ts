import type { Db } from "@traveler/db";
import { type Challenge, createChallenge, randomInt, verifySolution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { sql } from "kysely";
import { z } from "zod";
import type { ApiConfig } from "../context.ts";

const CHALLENGE_TTL_MS = 10 * 60_000;
const DEFAULT_MAX_NUMBER = 50_000;

function secrets(config: ApiConfig) {
  return {
    hmacSignatureSecret: config.altchaHmacKey,
    hmacKeySignatureSecret: `${config.altchaHmacKey}:key`,
  };
}

/**
 * A proof-of-work challenge for the ALTCHA widget: SHA-256, solved by finding a counter up to
 * `altchaMaxNumber` × `level` (the level grows with failed attempts on an account, see
 * humanCheckLevel). The level travels signed in the challenge's data, so a cheap challenge cannot
 * pass where a harder one is required. The expiry is wall-clock time because altcha-lib checks it
 * against Date.now.
 */
export function createAltchaChallenge(config: ApiConfig, level = 1): Promise<Challenge> {
  const max = (config.altchaMaxNumber ?? DEFAULT_MAX_NUMBER) * Math.max(1, level);
  return createChallenge({
    algorithm: "SHA-256",
    cost: 1,
    counter: randomInt(Math.floor(max / 2), max),
    data: { level: Math.max(1, level) },
    deriveKey,
    expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
    ...secrets(config),
  });
}

const payloadSchema = z.object({
  challenge: z.object({
    parameters: z
      .object({
        algorithm: z.string().max(50),
        nonce: z.string().max(200),
        salt: z.string().max(200),
        cost: z.number(),
        keyLength: z.number(),
        keyPrefix: z.string().max(200),
      })
      .loose(),
    signature: z.string().min(1).max(500),
  }),
  solution: z.object({ counter: z.number().int().min(0), derivedKey: z.string().max(500) }).loose(),
});

/** The widget sends base64(JSON); accept plain JSON too. */
function decodePayload(payload: string): z.infer<typeof payloadSchema> | null {
  for (const text of [payload, Buffer.from(payload, "base64").toString("utf8")]) {
    try {
      const parsed = payloadSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // not this encoding
    }
  }
  return null;
}

/**
 * Verifies a solution and marks its challenge used (replay protection across instances: the
 * signature is the primary key of `altcha_used` until the challenge expires).
 */
export async function verifyAltcha(
  db: Db,
  config: ApiConfig,
  payload: string | undefined,
  minLevel = 1,
): Promise<boolean> {
  if (!payload) return false;
  const decoded = decodePayload(payload);
  if (!decoded) return false;
  const level = (decoded.challenge.parameters.data as { level?: unknown } | undefined)?.level;
  if (typeof level !== "number" || level < minLevel) return false;
  let verified = false;
  try {
    const result = await verifySolution({
      challenge: decoded.challenge as Challenge,
      solution: decoded.solution,
      deriveKey,
      ...secrets(config),
    });
    verified = result.verified;
  } catch {
    return false;
  }
  if (!verified) return false;
  const expiresAtSeconds = decoded.challenge.parameters.expiresAt;
  const expiresAt = new Date(
    typeof expiresAtSeconds === "number" ? expiresAtSeconds * 1000 : Date.now() + CHALLENGE_TTL_MS,
  );
  await sql`delete from altcha_used where expires_at < now()`.execute(db);
  const inserted = await sql<{ signature: string }>`
    insert into altcha_used (signature, expires_at)
    values (${decoded.challenge.signature}, ${expiresAt})
    on conflict (signature) do nothing
    returning signature`.execute(db);
  return inserted.rows.length === 1;
}
