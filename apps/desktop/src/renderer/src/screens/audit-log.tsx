import { useState } from "react";
import { errorText, formatTime } from "../client.ts";
import { useServerQuery } from "./use-server.ts";

interface AuditEntry {
  id: number;
  at: string;
  actorType: string;
  actorName: string | null;
  action: string;
  actionLabel: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  changedFields: string[];
  ip: string | null;
}

export function AuditLog() {
  const [action, setAction] = useState("");
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const log = useServerQuery<{ items: AuditEntry[]; nextCursor: number | null }>(
    "staff.audit.list",
    {
      action: action || undefined,
      cursor,
      limit: 100,
    },
  );
  return (
    <section>
      <header className="screen-header">
        <h1>Audit log</h1>
        <input
          className="search"
          placeholder="Filter by action, e.g. auth.login"
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            setCursor(undefined);
          }}
          aria-label="Filter by action"
        />
      </header>
      {log.error && <p className="error">{errorText(log.error)}</p>}
      <table className="table compact">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>IP</th>
          </tr>
        </thead>
        <tbody>
          {log.data?.items.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.at)}</td>
              <td>
                {e.actorName ?? "—"} <span className="muted">({e.actorType})</span>
              </td>
              <td title={e.action}>
                {e.actionLabel}
                {e.changedFields.length > 0 && (
                  <span className="muted"> ({e.changedFields.join(", ")})</span>
                )}
              </td>
              <td>
                {e.targetLabel ??
                  (e.targetType ? `${e.targetType.replace("_", " ")} ${e.targetId ?? ""}` : "—")}
              </td>
              <td className="muted">{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions left">
        {cursor !== undefined && (
          <button type="button" onClick={() => setCursor(undefined)}>
            Newest
          </button>
        )}
        {log.data?.nextCursor && (
          <button type="button" onClick={() => setCursor(log.data!.nextCursor!)}>
            Older →
          </button>
        )}
      </div>
    </section>
  );
}
