import { type FormEvent, useEffect, useState } from "react";
import {
  type Customer,
  changedFields,
  client,
  errorText,
  formatTime,
  outcomeText,
} from "../client.ts";
import { useCacheQuery } from "../use-data.ts";
import { CustomerEmails } from "./customer-emails.tsx";

export function Customers({
  newJob,
  openJob,
}: {
  newJob: (customerId: number) => void;
  openJob: (jobNumber: string) => void;
}) {
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useCacheQuery(["customers", q], () =>
    client.customers.list.query({ q: q || undefined }),
  );
  const current = list.data?.find((c) => c.key === selected) ?? null;
  // A customer created here is "new:<id>" until uploaded; then it is followed to its real key.
  const queued = selected?.startsWith("new:") ? selected : null;
  const created = useCacheQuery(["created", queued], () =>
    queued ? client.createdKey.query({ key: queued }) : Promise.resolve({ key: null }),
  );
  const createdKey = created.data?.key ?? null;
  useEffect(() => {
    if (createdKey) setSelected(createdKey);
  }, [createdKey]);
  return (
    <section>
      <header className="screen-header">
        <h1>Customers</h1>
        <input
          type="search"
          className="search"
          placeholder="Search name, company, email…"
          aria-label="Search customers"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button
          type="button"
          className="primary"
          onClick={() => {
            setCreating(true);
            setSelected(null);
          }}
        >
          + New customer
        </button>
      </header>
      <div className="split">
        <ul className="list" aria-label="Customers">
          {list.data?.map((c) => (
            <li key={c.key}>
              <button
                type="button"
                className={c.key === selected ? "list-item active" : "list-item"}
                onClick={() => {
                  setSelected(c.key);
                  setCreating(false);
                }}
              >
                <strong>{c.name}</strong>
                {c.pending && <span className="pill pending-pill">Pending</span>}
                <span className="muted">{c.company ?? c.email}</span>
                <span className="muted small-text">{c.activeJobs} active</span>
              </button>
            </li>
          ))}
        </ul>
        <div>
          {creating && (
            <CustomerForm
              customer={null}
              onSaved={(key) => {
                // The new customer opens (and shows in the list: the search is cleared).
                setCreating(false);
                setQ("");
                setSelected(key ?? null);
              }}
            />
          )}
          {current && (
            <CustomerDetail
              key={current.key}
              customer={current}
              newJob={newJob}
              openJob={openJob}
            />
          )}
          {!creating && !current && <p className="muted empty">Choose a customer or create one.</p>}
        </div>
      </div>
    </section>
  );
}

function CustomerDetail({
  customer,
  newJob,
  openJob,
}: {
  customer: Customer;
  newJob: (id: number) => void;
  openJob: (jobNumber: string) => void;
}) {
  const jobs = useCacheQuery(["customer-jobs", customer.id], () =>
    customer.id
      ? client.jobs.list.query({ customerId: customer.id, includeCompleted: true, limit: 50 })
      : Promise.resolve(null),
  );
  const portal = !customer.portalEnabled
    ? "Portal disabled"
    : customer.portalActivated
      ? "Portal active"
      : customer.portalTokenKind === "invite"
        ? "Invited, not yet signed up"
        : "Not invited yet";
  return (
    <div className="stack">
      <CustomerForm customer={customer} onSaved={() => {}} />
      <div className="card">
        <h2>Customer portal</h2>
        <p>
          <strong>{portal}</strong> · Last portal login: {formatTime(customer.portalLastLogin)}
        </p>
        <div className="actions left">
          <button
            type="button"
            disabled={!customer.id || !customer.portalEnabled}
            onClick={() => client.customers.invite.mutate({ customerId: customer.id! })}
          >
            Send portal invite
          </button>
          <button
            type="button"
            disabled={!customer.id}
            onClick={() =>
              client.customers.setPortalEnabled.mutate({
                customerId: customer.id!,
                enabled: !customer.portalEnabled,
              })
            }
          >
            {customer.portalEnabled ? "Disable portal access" : "Enable portal access"}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!customer.id}
            onClick={() => newJob(customer.id!)}
          >
            + New job for {customer.name}
          </button>
        </div>
      </div>
      <div className="card">
        <h2>Jobs</h2>
        <ul className="plain">
          {jobs.data?.items.map((j) => (
            <li key={j.jobNumber}>
              <button type="button" className="link" onClick={() => openJob(j.jobNumber)}>
                {j.jobNumber}
              </button>{" "}
              {j.title}{" "}
              <span className={`status status-${j.status}`}>{j.status.replaceAll("_", " ")}</span>
            </li>
          ))}
        </ul>
      </div>
      <CustomerEmails customerId={customer.id} />
    </div>
  );
}

function CustomerForm({
  customer,
  onSaved,
}: {
  customer: Customer | null;
  onSaved: (createdKey?: string) => void;
}) {
  const [name, setName] = useState(customer?.name ?? "");
  const [email, setEmail] = useState(customer?.email ?? "");
  const [company, setCompany] = useState(customer?.company ?? "");
  const [phone, setPhone] = useState(customer?.phone ?? "");
  const [address, setAddress] = useState(customer?.address ?? "");
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The values this form started from: the server merges per field against them.
  const [base, setBase] = useState({
    name: customer?.name ?? "",
    email: customer?.email ?? "",
    company: customer?.company ?? null,
    phone: customer?.phone ?? null,
    address: customer?.address ?? null,
  });
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const fields = {
        name,
        email,
        company: company || null,
        phone: phone || null,
        address: address || null,
      };
      if (!customer) {
        const created = await client.customers.create.mutate(fields);
        onSaved(created.key);
      } else if (customer.id !== null) {
        const patch = changedFields(base, fields);
        if (Object.keys(patch).length === 0) {
          setMessage("Nothing changed.");
          return;
        }
        const outcome = await client.customers.update.mutate({
          customerId: customer.id,
          version: customer.version,
          patch,
          base,
        });
        const text = outcomeText(outcome);
        if ("ok" in text) {
          setMessage(text.ok);
          // Further edits in this form start from what was just saved.
          setBase(fields);
        } else {
          setMessage(null);
          setError(text.error);
        }
      }
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <form
      className="card"
      onSubmit={submit}
      aria-label={customer ? "Edit customer" : "New customer"}
    >
      <h2>{customer ? "Details" : "New customer"}</h2>
      <div className="row">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Email
          <input
            name="email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
      </div>
      <div className="row">
        <label>
          Company
          <input name="company" value={company} onChange={(e) => setCompany(e.target.value)} />
        </label>
        <label>
          Phone
          <input name="phone" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
      </div>
      <label>
        Address
        <textarea
          name="address"
          rows={3}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {message && <p className="ok">{message}</p>}
      <div className="actions">
        <button type="submit" className="primary">
          {customer ? "Save customer" : "Create customer"}
        </button>
      </div>
    </form>
  );
}
