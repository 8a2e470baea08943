import { client, formatTime } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null || value === "") return "(empty)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Queued writes, and the ones that need a decision (version conflicts, refused writes). */
export function OutboxPanel() {
  const entries = useCacheQuery(["outbox"], () => client.outbox.list.query());
  return (
    <section>
      <header className="screen-header">
        <h1>Queued writes</h1>
        <span className="muted">
          Changes made here upload in order as soon as the server is reachable.
        </span>
      </header>
      {entries.data?.length === 0 && <p className="muted empty">Everything is uploaded.</p>}
      <ul className="outbox">
        {entries.data?.map((e) => (
          <li key={e.id} className={`card outbox-${e.state}`}>
            <div className="row spread">
              <strong>{e.label}</strong>
              <span className="muted">
                {formatTime(e.createdAt)} ·{" "}
                {e.state === "pending" ? `waiting (${e.attempts} tries)` : e.state}
              </span>
            </div>
            {e.lastError && e.state === "pending" && (
              <p className="muted">Last try: {e.lastError}</p>
            )}
            {e.state === "conflict" && e.conflict && (
              <div>
                <p className="warn">{e.conflict.message}</p>
                <table className="table compact">
                  <thead>
                    <tr>
                      <th>Field</th>
                      <th>Your change</th>
                      <th>Now on the server</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.conflict.fields.map((f) => (
                      <tr key={f.field}>
                        <td>{f.field}</td>
                        <td>{show(f.mine)}</td>
                        <td>{show(f.theirs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="actions left">
                  <button
                    type="button"
                    className="primary"
                    onClick={() => client.outbox.resolve.mutate({ id: e.id, choice: "mine" })}
                  >
                    Keep mine
                  </button>
                  <button
                    type="button"
                    onClick={() => client.outbox.resolve.mutate({ id: e.id, choice: "theirs" })}
                  >
                    Take theirs
                  </button>
                </div>
              </div>
            )}
            {e.state === "failed" && (
              <div>
                <p className="error">The server refused this change: {e.lastError}</p>
                <button
                  type="button"
                  onClick={() => client.outbox.resolve.mutate({ id: e.id, choice: "theirs" })}
                >
                  Discard
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
