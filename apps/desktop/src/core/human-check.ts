import { type Challenge, solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";

/**
 * After repeated failed sign-ins the server asks for an ALTCHA proof of work (the portal's
 * widget solves the same puzzle in the browser). The console solves it itself: the work still
 * slows down password guessing, which is its purpose. Returns the payload `auth.login` expects.
 */
export async function solveHumanCheck(challenge: unknown): Promise<string> {
  const solution = await solveChallenge({ challenge: challenge as Challenge, deriveKey });
  if (!solution) throw new Error("Could not complete the human check. Please try again.");
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}
