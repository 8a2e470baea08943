import { currencyCodes, currencyLabel, timeZoneNames } from "@traveler/api/schemas";
import { type FormEvent, useEffect, useState } from "react";
import { client, errorText } from "../client.ts";
import { useServerQuery } from "./use-server.ts";

interface Settings {
  shopName: string;
  phone: string;
  email: string;
  address: string;
  hours: string;
  logoUrl: string | null;
  photosEnabled: boolean;
  customerIdleMinutes: number;
  staffIdleMinutes: number;
  timeZone: string;
  currency: string;
}

const ZONES = timeZoneNames();
const CURRENCIES = currencyCodes();

export function ShopSettings() {
  const settings = useServerQuery<Settings>("staff.settings.get");
  const [form, setForm] = useState<Settings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data && !form) setForm(settings.data);
  }, [settings.data, form]);
  if (settings.error) return <p className="error">{errorText(settings.error)}</p>;
  if (!form) return <p className="muted">Loading…</p>;
  const text = (key: "shopName" | "phone" | "email", label: string) => (
    <label>
      {label}
      <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  // Several lines, kept as typed (the portal and emails show the line breaks).
  const lines = (key: "address" | "hours", label: string) => (
    <label>
      {label}
      <textarea
        rows={3}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await client.server.mutate.mutate({
        path: "staff.settings.update",
        input: { patch: { ...form, logoUrl: form?.logoUrl || null } },
      });
      setMessage("Settings saved.");
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <section>
      <header className="screen-header">
        <h1>Shop settings</h1>
      </header>
      <form className="card narrow" onSubmit={save}>
        {text("shopName", "Shop name")}
        <div className="row">
          {text("phone", "Phone")}
          {text("email", "Email")}
        </div>
        {lines("address", "Address")}
        {lines("hours", "Opening hours")}
        <label>
          Time zone (every date and time is shown in shop time)
          <select
            value={form.timeZone}
            onChange={(e) => setForm({ ...form, timeZone: e.target.value })}
          >
            {(ZONES.includes(form.timeZone) ? ZONES : [form.timeZone, ...ZONES]).map((z) => (
              <option key={z} value={z}>
                {z.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <label>
          Currency (quoted prices are shown in it)
          <select
            value={form.currency}
            onChange={(e) => setForm({ ...form, currency: e.target.value })}
          >
            {(CURRENCIES.includes(form.currency) ? CURRENCIES : [form.currency, ...CURRENCIES]).map(
              (c) => (
                <option key={c} value={c}>
                  {currencyLabel(c)}
                </option>
              ),
            )}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.photosEnabled}
            onChange={(e) => setForm({ ...form, photosEnabled: e.target.checked })}
          />
          Customers can see job photos
        </label>
        <div className="row">
          <label>
            Customer idle timeout (minutes)
            <input
              type="number"
              min={1}
              value={form.customerIdleMinutes}
              onChange={(e) => setForm({ ...form, customerIdleMinutes: Number(e.target.value) })}
            />
          </label>
          <label>
            Staff idle timeout (minutes)
            <input
              type="number"
              min={1}
              value={form.staffIdleMinutes}
              onChange={(e) => setForm({ ...form, staffIdleMinutes: Number(e.target.value) })}
            />
          </label>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {message && <p className="ok">{message}</p>}
        <div className="actions">
          <button type="submit" className="primary">
            Save settings
          </button>
        </div>
      </form>
    </section>
  );
}
