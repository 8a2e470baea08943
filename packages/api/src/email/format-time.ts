/** Human wording for times in emails. The shop has no time zone setting, so times say UTC. */

const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
});

const dateFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
});

/** "Thursday, January 15, 2026 at 9:00 AM UTC" */
export function formatDateTime(at: Date): string {
  return `${dateTimeFormat.format(at)} UTC`;
}

/** A 'YYYY-MM-DD' calendar date, never shifted by time zones: "Friday, January 30, 2026". */
export function formatCalendarDate(date: string): string {
  return dateFormat.format(new Date(`${date}T12:00:00Z`));
}

/** "72 hours", "1 hour", "30 minutes": how long from `from` until `to`, rounded. */
export function durationInWords(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** "in 72 hours, on Sunday, January 18, 2026 at 9:00 AM UTC" */
export function expiryInWords(now: Date, expiresAt: Date): string {
  return `in ${durationInWords(now, expiresAt)}, on ${formatDateTime(expiresAt)}`;
}
