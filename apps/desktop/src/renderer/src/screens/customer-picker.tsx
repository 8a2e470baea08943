import { useState } from "react";
import { client } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";

const SHOWN = 20;

/**
 * Chooses a job's customer by searching the local cache (name, company, email), so it stays
 * quick with thousands of customers: the first matches as buttons, never one huge list.
 */
export function CustomerPicker({
  value,
  onChange,
  locked,
  label,
}: {
  value: number | "";
  onChange: (id: number | "") => void;
  /** An existing job keeps its customer. */
  locked: boolean;
  /** What to show for the chosen customer when it is known already (an existing job). */
  label?: string | undefined;
}) {
  const [q, setQ] = useState("");
  const [chosenLabel, setChosenLabel] = useState<string | null>(label ?? null);
  const chosen = useCacheQuery(["picker-chosen", value, chosenLabel], () =>
    value === "" || chosenLabel
      ? Promise.resolve(null)
      : client.customers.get.query({ customerId: value }),
  );
  const term = q.trim();
  const matches = useCacheQuery(["picker-matches", term], () =>
    term ? client.customers.list.query({ q: term }) : Promise.resolve([]),
  );
  if (value !== "") {
    const c = chosen.data;
    const text = chosenLabel ?? (c ? [c.name, c.company ?? c.email].join(" · ") : "…");
    return (
      <div className="picker-chosen">
        <span className="picker-label">Customer</span>
        <strong data-testid="chosen-customer">{text}</strong>
        {!locked && (
          <button
            type="button"
            className="small"
            onClick={() => {
              setChosenLabel(null);
              onChange("");
            }}
          >
            Change customer
          </button>
        )}
      </div>
    );
  }
  const found = (matches.data ?? []).filter((c) => c.id !== null);
  return (
    <div className="picker">
      <label>
        Customer
        <input
          type="search"
          placeholder="Find by name, company or email…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-describedby="picker-count"
        />
      </label>
      <p id="picker-count" className="muted small-text" aria-live="polite">
        {!term
          ? "Type to find the customer."
          : found.length === 0
            ? `No customers match “${term}”.`
            : found.length > SHOWN
              ? `${found.length >= 500 ? "500+" : found.length} match; the first ${SHOWN} are shown. Type more to narrow.`
              : `${found.length} match.`}
      </p>
      {found.length > 0 && (
        <ul className="picker-matches plain" aria-label="Matching customers">
          {found.slice(0, SHOWN).map((c) => {
            const text = [c.name, c.company ?? c.email].join(" · ");
            return (
              <li key={c.key}>
                <button
                  type="button"
                  className="list-item"
                  onClick={() => {
                    setChosenLabel(text);
                    onChange(c.id!);
                  }}
                >
                  {text}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
