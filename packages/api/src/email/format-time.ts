/** Human wording for times in emails: the shared shop-time formats, in the shop's time zone. */
import { formatDateTime } from "../schemas/shop-time.ts";

export { formatDateTime, formatDay } from "../schemas/shop-time.ts";

/** "72 hours", "1 hour", "30 minutes": how long from `from` until `to`, rounded. */
export function durationInWords(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** "in 72 hours, on Sun 18 Jan 2026, 9:00 AM PST" */
export function expiryInWords(now: Date, expiresAt: Date, timeZone: string): string {
  return `in ${durationInWords(now, expiresAt)}, on ${formatDateTime(expiresAt, timeZone)}`;
}
