/**
 * Times as people in the shop read them (issue 12): every date and time in the shop's time zone
 * (an IANA name from shop settings), one format per kind, the same in the portal, the emails and
 * the console. Browser- and console-safe. Formatters are built once per zone and kind: building an
 * Intl formatter costs ~70 µs and memory, formatting with one costs next to nothing.
 *
 * - a calendar day ('YYYY-MM-DD', never shifted by a zone): "Tue 24 Nov 2026"
 * - an instant: "Tue 24 Nov 2026, 4:05 PM PST"
 * - relative days, counted in shop days: "today", "tomorrow", "in 3 days", "2 days ago"
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (!found) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

/** True for a time zone this runtime knows ("America/Los_Angeles", "Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(name) && name !== "UTC") return false;
  try {
    formatter(`probe|${name}`, () => new Intl.DateTimeFormat("en-US", { timeZone: name }));
    return true;
  } catch {
    return false;
  }
}

/** Every time zone the runtime offers, for the settings picker. */
export function timeZoneNames(): string[] {
  return Intl.supportedValuesOf("timeZone");
}

const DAY_MS = 86_400_000;

/** The shop-local calendar day ('YYYY-MM-DD') of an instant. */
export function dayInZone(at: Date | string, timeZone: string): string {
  const f = formatter(
    `day|${timeZone}`,
    () =>
      new Intl.DateTimeFormat("en-CA", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      }),
  );
  return f.format(typeof at === "string" ? new Date(at) : at);
}

/** A calendar day: "Tue 24 Nov 2026" (a day is a day: no zone shifts it). */
export function formatDay(day: string): string {
  const f = formatter(
    "date",
    () =>
      new Intl.DateTimeFormat("en-GB", {
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: "UTC",
      }),
  );
  return f.format(new Date(`${day}T12:00:00Z`)).replace(",", "");
}

/** A short calendar day for tight places: "24 Nov". */
export function formatShortDay(day: string): string {
  const f = formatter(
    "short",
    () => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }),
  );
  return f.format(new Date(`${day}T12:00:00Z`));
}

/** An instant in the shop's zone, labelled: "Tue 24 Nov 2026, 4:05 PM PST". */
export function formatDateTime(at: Date | string, timeZone: string): string {
  const instant = typeof at === "string" ? new Date(at) : at;
  const time = formatter(
    `time|${timeZone}`,
    () =>
      new Intl.DateTimeFormat("en-US", {
        hour: "numeric",
        minute: "2-digit",
        timeZone,
        timeZoneName: "short",
      }),
  );
  return `${formatDay(dayInZone(instant, timeZone))}, ${time.format(instant)}`;
}

/** "today", "tomorrow", "in 3 days", "2 weeks ago": from shop day `today` to `day`. */
export function relativeDay(day: string, today: string): string {
  const days = Math.round(
    (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS,
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

/** Whole shop days from `today` to `day` (negative: past). */
export function daysUntil(day: string, today: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

let numberFormat: Intl.NumberFormat | undefined;
/** "1,250" */
export function formatQuantity(n: number): string {
  numberFormat ??= new Intl.NumberFormat("en-US");
  return numberFormat.format(n);
}

/**
 * A revised estimated completion as people read it (timeline, emails, console):
 * "was 12 Nov, now 15 Nov"; "set to 15 Nov"; "removed (was 12 Nov)".
 */
export function describeDueChange(from: string | null, to: string | null): string {
  if (from && to) return `was ${formatShortDay(from)}, now ${formatShortDay(to)}`;
  if (to) return `set to ${formatShortDay(to)}`;
  if (from) return `removed (was ${formatShortDay(from)})`;
  return "not set";
}

/** Where a due date stands on the shop's today: the words carry it, colour only repeats them. */
export type DueState = "overdue" | "today" | "soon" | "later" | "none";

export function dueState(day: string | null, today: string, soonDays = 7): DueState {
  if (!day) return "none";
  const days = daysUntil(day, today);
  if (days < 0) return "overdue";
  if (days === 0) return "today";
  return days < soonDays ? "soon" : "later";
}
