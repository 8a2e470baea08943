const DAY = 86_400_000;

/** "today", "tomorrow", "in 3 days", "2 days ago" for a 'YYYY-MM-DD' date seen on `today`. */
export function relativeDay(date: string, today: string): string {
  const days = Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY,
  );
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  if (days > 1) {
    if (days < 14) return `in ${days} days`;
    const weeks = Math.round(days / 7);
    return weeks < 9 ? `in ${weeks} weeks` : `in ${Math.round(days / 30)} months`;
  }
  const ago = -days;
  if (ago < 14) return `${ago} days ago`;
  const weeks = Math.round(ago / 7);
  return weeks < 9 ? `${weeks} weeks ago` : `${Math.round(ago / 30)} months ago`;
}

/** 'YYYY-MM-DD' -> "Tue, 24 Nov 2026" (no time zone shift: the date is a calendar day). */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));
}

/** ISO timestamp -> "24 Nov 2026, 14:05" in the shop's (server's) time zone. */
export function dateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** The 'YYYY-MM-DD' of an instant in a time zone (default UTC). */
export function isoDay(at: Date, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(at);
}

export function quantity(n: number): string {
  return new Intl.NumberFormat("en-GB").format(n);
}
