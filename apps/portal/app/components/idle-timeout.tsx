import { useFetcher, useLocation, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

const WARN_BEFORE_MS = 60_000;

/**
 * With JS on: warns a minute before the server's idle deadline (an accessible modal dialog with
 * a "stay signed in" button that pings the server) and signs out at the deadline. The deadline
 * restarts on navigation and on a successful ping; live-update refreshes do not count as
 * activity. Without JS the server still ends the session; the next request lands on /login.
 */
export function IdleTimeout({ seconds, role }: { seconds: number; role: "customer" | "staff" }) {
  const location = useLocation();
  const submit = useSubmit();
  const ping = useFetcher<{ idleSeconds: number }>();
  const dialog = useRef<HTMLDialogElement>(null);
  const [deadline, setDeadline] = useState<number | null>(null);
  const [warning, setWarning] = useState(false);

  // A navigation means activity: restart from the server's fresh deadline.
  // biome-ignore lint/correctness/useExhaustiveDependencies: location.key marks a navigation.
  useEffect(() => {
    setDeadline(Date.now() + seconds * 1000);
  }, [location.key]);

  useEffect(() => {
    if (ping.state === "idle" && ping.data && typeof ping.data.idleSeconds === "number") {
      setDeadline(Date.now() + ping.data.idleSeconds * 1000);
    }
  }, [ping.state, ping.data]);

  const signOut = useCallback(() => {
    submit(
      { next: "/login?reason=idle" },
      { method: "post", action: role === "customer" ? "/customer/logout" : "/admin/logout" },
    );
  }, [role, submit]);

  useEffect(() => {
    if (deadline === null) return;
    const now = Date.now();
    setWarning(false);
    const warn = setTimeout(() => setWarning(true), Math.max(0, deadline - WARN_BEFORE_MS - now));
    const end = setTimeout(signOut, Math.max(0, deadline - now));
    return () => {
      clearTimeout(warn);
      clearTimeout(end);
    };
  }, [deadline, signOut]);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (warning && !el.open) el.showModal();
    if (!warning && el.open) el.close();
  }, [warning]);

  return (
    <dialog
      ref={dialog}
      className="idle-dialog card shadow p-0"
      aria-labelledby="idle-title"
      aria-describedby="idle-text"
      onCancel={(event) => {
        event.preventDefault();
        ping.submit(null, { method: "post", action: "/session/keepalive" });
      }}
    >
      <div className="card-body" role="alert">
        <h2 id="idle-title" className="h5">
          Are you still there?
        </h2>
        <p id="idle-text">
          For your security you will be signed out in less than a minute because of inactivity.
        </p>
        <div className="d-flex flex-wrap gap-2">
          <button
            type="button"
            className="btn btn-primary touch-target"
            // biome-ignore lint/a11y/noAutofocus: the dialog's main action takes focus.
            autoFocus
            onClick={() => ping.submit(null, { method: "post", action: "/session/keepalive" })}
            disabled={ping.state !== "idle"}
          >
            {ping.state !== "idle" ? "Keeping you signed in…" : "Stay signed in"}
          </button>
          <button
            type="button"
            className="btn btn-outline-secondary touch-target"
            onClick={signOut}
          >
            Sign out now
          </button>
        </div>
      </div>
    </dialog>
  );
}
