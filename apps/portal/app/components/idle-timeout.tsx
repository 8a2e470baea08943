import { useNonce } from "../lib/nonce.tsx";
import { ModuleScript } from "../lib/page-assets.tsx";

/**
 * The idle warning: a compact dialog the `idle` module opens a minute before the server's idle
 * deadline ("Stay signed in" pings the server), and the sign-out it submits at the deadline.
 * Without JS the server still ends the session; the next page lands on /login and says why.
 */
export function IdleTimeout({ seconds, role }: { seconds: number; role: "customer" | "staff" }) {
  const nonce = useNonce();
  return (
    <>
      <dialog
        id="idle-dialog"
        className="idle-dialog card shadow p-0"
        aria-labelledby="idle-title"
        aria-describedby="idle-text"
        data-idle-seconds={seconds}
      >
        <div className="card-body">
          <h2 id="idle-title" className="h5">
            Are you still there?
          </h2>
          <p id="idle-text">
            For your security you will be signed out in less than a minute because of inactivity.
          </p>
          <div className="d-flex flex-wrap gap-2">
            <button type="button" className="btn btn-primary touch-target" data-idle-stay>
              Stay signed in
            </button>
            <form
              method="post"
              action={role === "customer" ? "/customer/logout" : "/admin/logout"}
              data-idle-signout
            >
              <input type="hidden" name="next" value="/login?reason=idle" />
              <button type="submit" className="btn btn-outline-secondary touch-target">
                Sign out now
              </button>
            </form>
          </div>
        </div>
      </dialog>
      <ModuleScript name="idle" nonce={nonce} />
    </>
  );
}
