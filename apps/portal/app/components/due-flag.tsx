import type { DueState } from "@traveler/api/schemas";
import { dueState, formatDay, relativeDay } from "../lib/format.ts";

const FLAG: Partial<Record<DueState, string>> = { overdue: "Overdue", today: "Due today" };

/**
 * A job's due date on a staff card: the date with its distance in words, and for overdue and
 * due-today jobs a flag whose words (and icon) carry the meaning; the colour only repeats them.
 */
export function DueLine({ day, today }: { day: string | null; today: string }) {
  const state = dueState(day, today);
  if (!day) return <span className="text-body-secondary">No due date</span>;
  const flag = FLAG[state];
  return (
    <span className={`due due-${state}`}>
      {flag ? (
        <strong className="due-flag">
          <svg width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d={
                state === "overdue"
                  ? "M8 0 16 15H0L8 0Zm-1 5v5h2V5H7Zm0 6.5V13h2v-1.5H7Z"
                  : "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0Zm-.8 3v5.4l3.9 2.3.8-1.3-3.1-1.8V3H7.2Z"
              }
            />
          </svg>
          {flag}
        </strong>
      ) : null}{" "}
      Due{" "}
      <time dateTime={day}>
        {formatDay(day)}
        {state === "today" ? "" : ` (${relativeDay(day, today)})`}
      </time>
    </span>
  );
}

export function RushFlag() {
  return (
    <strong className="rush-flag">
      <svg width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M9.5 0 2 9h5l-1.5 7L14 6H9l.5-6Z" />
      </svg>
      Rush
    </strong>
  );
}
