import { Link } from "@remix-run/react";
import type { InboxThread } from "@traveler/api/schemas";
import { formatDateTime, useShopTime } from "../lib/format.ts";

/** The staff inbox: conversations, the longest-waiting first, each linking to its job. */
export function MessageInbox({ threads }: { threads: InboxThread[] }) {
  const { timeZone } = useShopTime();
  if (threads.length === 0) {
    return <p>No conversations are waiting for an answer.</p>;
  }
  return (
    <ul className="list-group mb-3">
      {threads.map((t) => (
        <li key={t.jobNumber} className="list-group-item">
          <div className="d-flex flex-wrap gap-2 align-items-baseline">
            <Link to={`/admin/job/${t.jobNumber}#messages`} className="fw-semibold me-auto">
              {t.customerName} · {t.jobNumber} {t.jobTitle}
            </Link>
            {t.unread > 0 ? <span className="badge text-bg-primary">{t.unread} unread</span> : null}
          </div>
          <p className="mb-1 text-truncate">
            {t.lastAuthor === "staff" ? "Shop: " : ""}
            {t.lastBody}
          </p>
          <p className="small text-body-secondary mb-0">
            {t.waitingSince ? (
              <>
                Waiting since{" "}
                <time dateTime={t.waitingSince}>{formatDateTime(t.waitingSince, timeZone)}</time>
              </>
            ) : (
              <>
                Answered · last message{" "}
                <time dateTime={t.lastMessageAt}>{formatDateTime(t.lastMessageAt, timeZone)}</time>
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
