import { hash, verify } from "@node-rs/argon2";

/**
 * The stored password format: argon2id with OWASP's minimum parameters (m=19456 KiB, t=2, p=1).
 * It lives beside the tables that store it so seeds and the API hash the same way.
 */
const ARGON2ID = 2; // @node-rs/argon2's Algorithm.Argon2id (a const enum, not importable here)
export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
