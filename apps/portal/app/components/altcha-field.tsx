import { useEffect, useState } from "react";

/**
 * The ALTCHA proof-of-work check (self-hosted widget, no third party). The widget script is
 * loaded only when the server asks for the check; it fetches its challenge from
 * /login/challenge and puts its solution in a hidden `altcha` field.
 */
export function AltchaField({
  account,
}: {
  /** The account being signed in to: its challenge is as hard as its recent attempts call for. */
  account?: { kind: "customer" | "staff"; identifier: string } | undefined;
}) {
  const challenge = account?.identifier
    ? `/login/challenge?${new URLSearchParams({ kind: account.kind, identifier: account.identifier })}`
    : "/login/challenge";
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void import("altcha").then(() => {
      if (!cancelled) setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <div className="mb-3">
      <p className="form-label fw-semibold mb-1" id="altcha-label">
        Human check
      </p>
      {ready ? (
        <altcha-widget challenge={challenge} name="altcha" aria-labelledby="altcha-label" />
      ) : (
        <p className="small text-body-secondary">Loading the check…</p>
      )}
      <noscript>
        <p className="small">This check needs JavaScript. Please turn it on, or call the shop.</p>
      </noscript>
    </div>
  );
}
