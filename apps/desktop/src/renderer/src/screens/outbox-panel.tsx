import { client, formatTime, type Outputs } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";

type Entry = Outputs["outbox"]["list"][number];

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null || value === "") return "(empty)";
  if (Array.isArray(value)) {
    return value
      .map((v) =>
        typeof v === "object" && v && "name" in v
          ? `${v.name}: ${(v as { value: string }).value}`
          : String(v),
      )
      .join("; ");
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Conflicting edits of one record: one decision resolves them all. */
function ConflictCard({ entries }: { entries: Entry[] }) {
  const first = entries[0]!;
  const fields = new Map<string, NonNullable<Entry["conflict"]>["fields"][number]>();
  for (const e of entries) for (const f of e.conflict?.fields ?? []) fields.set(f.field, f);
  const record = first.entity === "customer" ? "this customer" : first.entityKey;
  const decide = (choice: "mine" | "theirs") =>
    client.outbox.resolve.mutate({
      entity: first.entity as "job" | "customer",
      entityKey: first.entityKey,
      choice,
    });
  return (
    <li className="card outbox-conflict">
      <div className="row spread">
        <strong>{entries.map((e) => e.label).join(" · ")}</strong>
        <span className="muted">{formatTime(first.createdAt)} · needs a decision</span>
      </div>
      <p className="warn">
        Someone else changed {[...fields.values()].map((f) => f.label.toLowerCase()).join(", ")} of{" "}
        {record} while your change waited. Choose whose version stays; your other changes to{" "}
        {record} upload either way.
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th>Field</th>
            <th>Before</th>
            <th>Your change</th>
            <th>Now on the server</th>
          </tr>
        </thead>
        <tbody>
          {[...fields.values()].map((f) => (
            <tr key={f.field}>
              <th scope="row">{f.label}</th>
              <td>{show(f.base)}</td>
              <td>{show(f.mine)}</td>
              <td>{show(f.theirs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions left">
        <button type="button" className="primary" onClick={() => decide("mine")}>
          Keep mine
        </button>
        <button type="button" onClick={() => decide("theirs")}>
          Take theirs
        </button>
      </div>
    </li>
  );
}

/** Queued writes, and the ones that need a decision (conflicting edits, refused writes). */
export function OutboxPanel() {
  const entries = useCacheQuery(["outbox"], () => client.outbox.list.query());
  const list = entries.data ?? [];
  const conflicts = new Map<string, Entry[]>();
  for (const e of list) {
    if (e.state !== "conflict") continue;
    const key = `${e.entity}:${e.entityKey}`;
    conflicts.set(key, [...(conflicts.get(key) ?? []), e]);
  }
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
        {[...conflicts.values()].map((group) => (
          <ConflictCard key={`${group[0]!.entity}:${group[0]!.entityKey}`} entries={group} />
        ))}
        {list
          .filter((e) => e.state !== "conflict")
          .map((e) => (
            <li key={e.id} className={`card outbox-${e.state}`}>
              <div className="row spread">
                <strong>{e.label}</strong>
                <span className="muted">
                  {formatTime(e.createdAt)} ·{" "}
                  {e.state === "pending" ? `waiting (${e.attempts} tries)` : "refused"}
                </span>
              </div>
              {e.lastError && e.state === "pending" && (
                <p className="muted">Last try: {e.lastError}</p>
              )}
              {e.state === "failed" && (
                <div>
                  <p className="error">The server refused this change: {e.lastError}</p>
                  <button type="button" onClick={() => client.outbox.discard.mutate({ id: e.id })}>
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
