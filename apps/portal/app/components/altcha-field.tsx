import { useNonce } from "../lib/nonce.tsx";
import { ModuleScript } from "../lib/page-assets.tsx";

/**
 * The ALTCHA proof-of-work check (self-hosted widget, no third party). Its script is loaded only
 * on the page that shows the check; the widget fetches its challenge from /login/challenge (as
 * hard as the account's recent attempts call for) and puts its solution in a hidden `altcha`
 * field.
 */
export function AltchaField({
  account,
}: {
  /** The account being signed in to: its challenge is as hard as its recent attempts call for. */
  account?: { kind: "customer" | "staff"; identifier: string } | undefined;
}) {
  const nonce = useNonce();
  const challenge = account?.identifier
    ? `/login/challenge?${new URLSearchParams({ kind: account.kind, identifier: account.identifier })}`
    : "/login/challenge";
  return (
    <div className="mb-3">
      <p className="form-label fw-semibold mb-1" id="altcha-label">
        Human check
      </p>
      <altcha-widget challenge={challenge} name="altcha" aria-labelledby="altcha-label" />
      <ModuleScript name="altcha" nonce={nonce} />
      <noscript>
        <p className="small">This check needs JavaScript. Please turn it on, or call the shop.</p>
      </noscript>
    </div>
  );
}
