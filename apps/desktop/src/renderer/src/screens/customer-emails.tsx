import { useQuery } from "@tanstack/react-query";
import { client, errorText, formatTime } from "../client.ts";
import { useStatus } from "../use-data.ts";
import { EmailStatusPill, kindLabel, type SentEmail } from "./email-status.tsx";

/**
 * What was sent to one customer and when (issue 6): an online read through the desktop router
 * (`email.forCustomer`), like the admin screens; the cache does not hold emails.
 */
export function CustomerEmails({ customerId }: { customerId: number | null }) {
  const state = useStatus().data?.state;
  const emails = useQuery({
    queryKey: ["server", "email.forCustomer", customerId],
    enabled: customerId !== null && state !== "offline",
    // The invite is queued through the outbox: look again while this screen is open.
    refetchInterval: 3_000,
    queryFn: async () =>
      (await client.server.query.query({
        path: "email.forCustomer",
        input: { customerId, limit: 20 },
      })) as { items: SentEmail[] },
  });
  // A failed read while the sync is not online (e.g. retrying) is the connection, not an error.
  const offline = state === "offline" || (emails.isError && state !== "online");
  return (
    <section className="card" aria-label="Emails sent">
      <h2>Emails sent</h2>
      {customerId === null ? (
        <p className="muted">Shown once the customer is uploaded.</p>
      ) : offline ? (
        <p className="muted">Available when online.</p>
      ) : emails.error ? (
        <p className="error">{errorText(emails.error)}</p>
      ) : !emails.data ? (
        <p className="muted">Loading…</p>
      ) : emails.data.items.length === 0 ? (
        <p className="muted">No emails to this customer yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Email</th>
              <th>Status</th>
              <th>Queued</th>
              <th>Sent</th>
            </tr>
          </thead>
          <tbody>
            {emails.data.items.map((e) => (
              <tr key={e.id}>
                <td>
                  <strong>{kindLabel(e.kind)}</strong>
                  <div className="muted small-text">{e.subject}</div>
                </td>
                <td>
                  <EmailStatusPill status={e.status} />
                  {e.lastError && <div className="error small-text">{e.lastError}</div>}
                </td>
                <td className="muted when">{formatTime(e.createdAt)}</td>
                <td className="muted when">{formatTime(e.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
