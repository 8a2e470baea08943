import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { NOT_ANSWERING } from "../../shared/sync-words.ts";
import {
  client,
  errorText,
  formatTime,
  type Status,
  setShopCurrency,
  setShopTimeZone,
} from "./client.ts";
import { AdoptionReport } from "./screens/adoption-report.tsx";
import { AuditLog } from "./screens/audit-log.tsx";
import { Customers } from "./screens/customers.tsx";
import { DueView } from "./screens/due-view.tsx";
import { EmailOutbox } from "./screens/email-outbox.tsx";
import { Inbox } from "./screens/inbox.tsx";
import { useInboxUnread } from "./screens/inbox-count.ts";
import { JobBoard } from "./screens/job-board.tsx";
import { JobEditor } from "./screens/job-editor.tsx";
import { JobList } from "./screens/job-list.tsx";
import { OutboxPanel } from "./screens/outbox-panel.tsx";
import { Requests } from "./screens/requests.tsx";
import { ShopSettings } from "./screens/shop-settings.tsx";
import { SignIn } from "./screens/sign-in.tsx";
import { StaffUsers } from "./screens/staff-users.tsx";
import { DataVersion, useStatus, useStatusPushes } from "./use-data.ts";

export type View =
  | { name: "board" }
  | { name: "due" }
  | { name: "jobs"; focusSearch?: number }
  | { name: "job"; jobNumber: string }
  | { name: "new-job"; customerId?: number }
  | { name: "customers" }
  | { name: "inbox" }
  | { name: "requests" }
  | { name: "outbox" }
  | { name: "staff" }
  | { name: "settings" }
  | { name: "audit" }
  | { name: "email-outbox" }
  | { name: "report" };

export function App() {
  useStatusPushes();
  const status = useStatus();
  const [view, setView] = useState<View>({ name: "board" });
  const unread = useInboxUnread(status.data?.dataVersion, status.data?.signedIn === true);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === "k") {
        event.preventDefault();
        setView({ name: "jobs", focusSearch: Date.now() });
      } else if (key === "n") {
        event.preventDefault();
        setView({ name: "new-job" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (!status.data) {
    return (
      <div className="splash">
        {status.error ? `Cannot reach the console core: ${status.error.message}` : "Opening…"}
      </div>
    );
  }
  setShopTimeZone(status.data.timeZone);
  setShopCurrency(status.data.currency);
  if (!status.data.signedIn) return <SignIn status={status.data} />;

  const admin = status.data.staff?.role === "admin";
  const nav: { view: View; label: string; admin?: boolean }[] = [
    { view: { name: "board" }, label: "Board" },
    { view: { name: "due" }, label: "Due" },
    { view: { name: "jobs" }, label: "Jobs" },
    { view: { name: "customers" }, label: "Customers" },
    { view: { name: "inbox" }, label: `Inbox${unread ? ` (${unread})` : ""}` },
    { view: { name: "requests" }, label: "Requests" },
    {
      view: { name: "outbox" },
      label: `Queued writes${status.data.queued ? ` (${status.data.queued})` : ""}`,
    },
    { view: { name: "report" }, label: "Report" },
    { view: { name: "staff" }, label: "Staff users", admin: true },
    { view: { name: "settings" }, label: "Shop settings", admin: true },
    { view: { name: "audit" }, label: "Audit log", admin: true },
    { view: { name: "email-outbox" }, label: "Email outbox", admin: true },
  ];

  return (
    <DataVersion.Provider value={status.data.dataVersion}>
      <div className="shell">
        <aside className="sidebar">
          <div className="brand">Traveler</div>
          <nav aria-label="Main">
            {nav
              .filter((n) => !n.admin || admin)
              .map((n) => (
                <button
                  type="button"
                  key={n.label}
                  className={view.name === n.view.name ? "nav-item active" : "nav-item"}
                  onClick={() => setView(n.view)}
                >
                  {n.label}
                </button>
              ))}
          </nav>
          <button
            type="button"
            className="primary new-job"
            onClick={() => setView({ name: "new-job" })}
          >
            + New job <kbd>Ctrl+N</kbd>
          </button>
          <UserBox status={status.data} />
        </aside>
        <main className="content">
          {view.name === "board" && (
            <JobBoard open={(jobNumber) => setView({ name: "job", jobNumber })} />
          )}
          {view.name === "inbox" && <Inbox />}
          {view.name === "requests" && (
            <Requests openJob={(jobNumber) => setView({ name: "job", jobNumber })} />
          )}
          {view.name === "due" && (
            <DueView open={(jobNumber) => setView({ name: "job", jobNumber })} />
          )}
          {view.name === "jobs" && (
            <JobList
              focusSearch={view.focusSearch}
              open={(jobNumber) => setView({ name: "job", jobNumber })}
            />
          )}
          {view.name === "job" && (
            <JobEditor
              key={view.jobNumber}
              jobNumber={view.jobNumber}
              onDone={() => setView({ name: "board" })}
              open={(jobNumber) => setView({ name: "job", jobNumber })}
            />
          )}
          {view.name === "new-job" && (
            <JobEditor
              key={`new-${view.customerId ?? ""}`}
              jobNumber={null}
              customerId={view.customerId}
              onDone={() => setView({ name: "board" })}
              open={(jobNumber) => setView({ name: "job", jobNumber })}
            />
          )}
          {view.name === "customers" && (
            <Customers
              newJob={(customerId) => setView({ name: "new-job", customerId })}
              openJob={(jobNumber) => setView({ name: "job", jobNumber })}
            />
          )}
          {view.name === "outbox" && <OutboxPanel />}
          {view.name === "staff" && <StaffUsers />}
          {view.name === "settings" && <ShopSettings />}
          {view.name === "audit" && <AuditLog />}
          {view.name === "email-outbox" && <EmailOutbox />}
          {view.name === "report" && <AdoptionReport admin={admin} />}
        </main>
        <StatusBar status={status.data} openOutbox={() => setView({ name: "outbox" })} />
      </div>
    </DataVersion.Provider>
  );
}

function UserBox({ status }: { status: Status }) {
  const [asking, setAsking] = useState(false);
  return (
    <div className="user-box">
      <div>
        <strong>{status.staff?.name}</strong>
        <div className="muted">
          {status.staff?.role === "admin" ? "Administrator" : "Staff"} · {status.serverUrl}
        </div>
      </div>
      <button type="button" className="link" onClick={() => setAsking(true)}>
        Sign out
      </button>
      {asking && <SignOutDialog queued={status.queued} onClose={() => setAsking(false)} />}
    </div>
  );
}

/** Sign out, optionally removing this computer's copy of the shop's data. */
function SignOutDialog({ queued, onClose }: { queued: number; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [removeData, setRemoveData] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await client.session.signOut.mutate({ removeData });
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div className="modal-backdrop">
      <form className="modal card" onSubmit={submit} aria-label="Sign out">
        <h2>Sign out</h2>
        <label className="check">
          <input
            type="checkbox"
            name="removeData"
            checked={removeData}
            onChange={(e) => setRemoveData(e.target.checked)}
          />
          Also remove this computer's copy of the shop's data (customers' names, emails and
          addresses, jobs and notes)
        </label>
        <p className="muted">
          {removeData
            ? "The next sign-in downloads everything again."
            : "Keep it on a computer only the shop uses: the console then opens instantly."}
        </p>
        {removeData && queued > 0 && (
          <p className="warn">
            {queued} {queued === 1 ? "change has" : "changes have"} not uploaded yet.
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Sign out
          </button>
        </div>
      </form>
    </div>
  );
}

const STATE_LABEL: Record<Status["state"], string> = {
  online: "Online",
  offline: "Offline",
  syncing: "Syncing…",
  "signed-out": "Signed out",
};

/** First sync: rows received of the exact total. */
function BootstrapProgress({
  rows,
  total,
  phase,
}: {
  rows: number;
  total: number | null;
  phase: "downloading" | "done";
}) {
  if (phase === "done") return null;
  return (
    <span className="bootstrap">
      First sync: {rows.toLocaleString()}
      {total ? ` of ${total.toLocaleString()}` : ""} rows
      {total ? <progress value={rows} max={total} aria-label="First sync progress" /> : null}
    </span>
  );
}

function StatusBar({ status, openOutbox }: { status: Status; openOutbox: () => void }) {
  return (
    <footer className="status-bar" aria-live="polite">
      <span className={`pill state-${status.state}`} data-testid="sync-state">
        {status.state === "offline" && status.lastError === NOT_ANSWERING
          ? NOT_ANSWERING
          : STATE_LABEL[status.state]}
      </span>
      {status.bootstrap && !status.bootstrap.done && <BootstrapProgress {...status.bootstrap} />}
      <button type="button" className="link" onClick={openOutbox} data-testid="queued-count">
        {status.queued} queued {status.queued === 1 ? "write" : "writes"}
        {status.conflicts > 0 ? ` · ${status.conflicts} need attention` : ""}
      </button>
      {status.stalled && (
        <span className="warn" role="status">
          Writes are waiting but nothing is uploading.
        </span>
      )}
      <span>Last sync: {formatTime(status.lastSyncAt)}</span>
      <span className="muted">
        {status.counts.jobs.toLocaleString()} jobs · {status.counts.customers.toLocaleString()}{" "}
        customers cached
      </span>
      {status.state === "offline" && status.lastError && status.lastError !== NOT_ANSWERING && (
        <span className="muted">({status.lastError})</span>
      )}
    </footer>
  );
}
