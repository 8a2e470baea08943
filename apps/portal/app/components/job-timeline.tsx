import { Link } from "@remix-run/react";
import {
  type CustomerHistoryEntry,
  type StaffHistoryEntry,
  shortSha256,
  type TimelineEvent,
} from "@traveler/api/schemas";
import { describeDueChange, formatDateTime } from "../lib/format.ts";
import { JOB_STATUS_LABEL } from "../lib/job-status.ts";

type HistoryEntry = CustomerHistoryEntry &
  Partial<Pick<StaffHistoryEntry, "visibleToCustomer" | "updatedBy">>;

/**
 * The job's story, newest first and read-only: status changes and each proof version's events
 * (sent, comments with their pin numbers, the decision, superseded), as the API interleaves them.
 * Plain HTML: no JavaScript needed. Staff events carry who sent a version and where a decision
 * came from; the customer's never do (the API leaves them out).
 */
export function JobTimeline({
  events,
  timeZone,
  proofLink,
  emptyText,
}: {
  events: TimelineEvent<HistoryEntry>[];
  timeZone: string;
  /** Where the proof (its files and pins) is read. */
  proofLink: { to: string; text: string } | null;
  emptyText: string;
}) {
  if (events.length === 0) return <p className="mb-0">{emptyText}</p>;
  return (
    <>
      <ol className="timeline mb-0">
        {events.map((event) => (
          <li key={event.key} className={event.type === "status" ? undefined : "timeline-proof"}>
            <TimelineEntry event={event} timeZone={timeZone} />
          </li>
        ))}
      </ol>
      {proofLink && events.some((e) => e.type !== "status") ? (
        <p className="mt-3 mb-0">
          <Link to={proofLink.to}>{proofLink.text}</Link>
        </p>
      ) : null}
    </>
  );
}

function When({ at, timeZone, by }: { at: string; timeZone: string; by?: string | null }) {
  return (
    <span className="d-block small text-body-secondary">
      <time dateTime={at}>{formatDateTime(at, timeZone)}</time>
      {by ? ` · ${by}` : ""}
    </span>
  );
}

/** "from 203.0.113.7 (Mozilla/5.0 ...)": staff only; absent fields print nothing. */
function Origin({ ip, userAgent }: { ip?: string | null; userAgent?: string | null }) {
  if (!ip && !userAgent) return null;
  return (
    <span className="d-block small text-body-secondary text-break">
      From {ip ?? "an unknown address"}
      {userAgent ? ` (${userAgent})` : ""}
    </span>
  );
}

function TimelineEntry({
  event,
  timeZone,
}: {
  event: TimelineEvent<HistoryEntry>;
  timeZone: string;
}) {
  switch (event.type) {
    case "status": {
      const h = event.entry;
      return (
        <>
          <p className="mb-1">
            {h.kind === "due" ? (
              <>
                <strong>New estimated completion</strong>: {describeDueChange(h.dueFrom, h.dueTo)}
              </>
            ) : (
              <>
                <strong>{JOB_STATUS_LABEL[h.status]}</strong>
                {h.progress !== null ? ` · ${h.progress}%` : ""}
              </>
            )}
            {h.visibleToCustomer === false ? " · internal" : ""}
            <When at={event.at} timeZone={timeZone} by={h.updatedBy} />
          </p>
          {h.notes ? <p className="mb-0 white-space-pre-line">{h.notes}</p> : null}
        </>
      );
    }
    case "proof_sent":
      return (
        <>
          <p className="mb-1">
            <strong>Proof version {event.version} sent</strong>
            {event.files.length > 0 ? `: ${event.files.map((f) => f.fileName).join(", ")}` : ""}
            <When at={event.at} timeZone={timeZone} by={event.sentBy} />
          </p>
          {event.message ? (
            <blockquote className="proof-message white-space-pre-line mb-0">
              {event.message}
            </blockquote>
          ) : null}
        </>
      );
    case "proof_comment":
      return (
        <>
          <p className="mb-1">
            {event.pin !== null ? (
              <>
                <span className="proof-pin proof-pin-inline me-1" aria-hidden="true">
                  {event.pin}
                </span>
                <strong>
                  Pin {event.pin} on version {event.version}
                </strong>
              </>
            ) : (
              <strong>Comment on version {event.version}</strong>
            )}
            <When at={event.at} timeZone={timeZone} by={event.authorName} />
          </p>
          <p className="mb-0 white-space-pre-line">{event.body}</p>
        </>
      );
    case "proof_changes_requested":
      return (
        <>
          <p className="mb-1">
            <strong>Changes requested on version {event.version}</strong>
            <When at={event.at} timeZone={timeZone} />
            <Origin ip={event.ip} userAgent={event.userAgent} />
          </p>
          {event.comment ? <p className="mb-0 white-space-pre-line">{event.comment}</p> : null}
        </>
      );
    case "proof_approved":
      return (
        <>
          <p className="mb-1">
            <strong>
              Version {event.version} approved by {event.name}
            </strong>
            <When at={event.at} timeZone={timeZone} />
            <Origin ip={event.ip} userAgent={event.userAgent} />
          </p>
          {event.files.length > 0 ? (
            <ul className="list-unstyled small mb-0">
              {event.files.map((f) => (
                <li key={`${f.fileName}-${f.sha256}`} className="text-break">
                  {f.fileName}{" "}
                  <span className="text-body-secondary">
                    (sha256 <code>{shortSha256(f.sha256)}</code>)
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      );
    case "proof_superseded":
      return (
        <p className="mb-0">
          <strong>
            Version {event.version} superseded by version {event.by}
          </strong>
          <When at={event.at} timeZone={timeZone} />
        </p>
      );
  }
}
