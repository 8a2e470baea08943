import type { SyncCustomerRow } from "../sync-rows.ts";
import type { CacheDb } from "./database.ts";
import { mergedOverlays } from "./overlays.ts";

/** A customer as lists show it: the mirror row's fields, pending local writes merged in. */
export interface CustomerSummary
  extends Pick<
    SyncCustomerRow,
    | "name"
    | "company"
    | "email"
    | "phone"
    | "address"
    | "portalEnabled"
    | "portalActivated"
    | "portalTokenKind"
    | "portalTokenExpiresAt"
    | "portalLastLogin"
    | "version"
  > {
  /** Null while the customer is queued for creation. */
  id: number | null;
  /** The id, or `new:<mutation id>` for a queued customer. */
  key: string;
  activeJobs: number;
  pending: boolean;
}

interface CustomerListRow {
  id: number;
  name: string;
  company: string | null;
  email: string;
  phone: string | null;
  address: string | null;
  portal_enabled: number;
  portal_activated: number;
  portal_token_kind: "invite" | "reset" | null;
  portal_token_expires_at: string | null;
  portal_last_login: string | null;
  version: number;
  active_jobs: number;
}

/** Customers by name (optionally matching `q`), pending writes merged in, queued ones first. */
export function listCustomers(db: CacheDb, q?: string, limit = 500): CustomerSummary[] {
  const like = q?.trim() ? `%${q.trim().replaceAll("%", "")}%` : null;
  // Phone numbers match by their digits, however they were written ("555 014", "(555) 014-…").
  const digits = q?.replace(/\D/g, "") ?? "";
  const phoneLike = digits.length >= 3 ? `%${digits}%` : null;
  const rows = db
    .prepare(
      `select c.id, c.name, c.company, c.email, c.phone, c.address, c.portal_enabled,
         c.portal_activated, c.portal_token_kind, c.portal_token_expires_at, c.portal_last_login,
         c.version,
         (select count(*) from jobs j where j.customer_id = c.id and j.deleted_at is null
            and j.status <> 'completed') as active_jobs
       from customers c
       where c.deleted_at is null
         and (? is null or c.name like ? or c.email like ? or coalesce(c.company, '') like ?
              or (? is not null and replace(replace(replace(replace(replace(replace(
                    coalesce(c.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '')
                  like ?))
       order by c.name collate nocase, c.id limit ?`,
    )
    .all(like, like, like, like, phoneLike, phoneLike, limit) as CustomerListRow[];
  const overlays = mergedOverlays(db, "customer");
  const items: CustomerSummary[] = rows.map((r) => {
    const base: CustomerSummary = {
      id: r.id,
      key: String(r.id),
      name: r.name,
      company: r.company,
      email: r.email,
      phone: r.phone,
      address: r.address,
      portalEnabled: r.portal_enabled === 1,
      portalActivated: r.portal_activated === 1,
      portalTokenKind: r.portal_token_kind,
      portalTokenExpiresAt: r.portal_token_expires_at,
      portalLastLogin: r.portal_last_login,
      activeJobs: r.active_jobs,
      version: r.version,
      pending: false,
    };
    const patch = overlays.get(String(r.id));
    return patch ? { ...base, ...(patch as Partial<CustomerSummary>), pending: true } : base;
  });
  for (const [key, patch] of overlays) {
    if (!key.startsWith("new:")) continue;
    const created: CustomerSummary = {
      id: null,
      key,
      name: "",
      company: null,
      email: "",
      phone: null,
      address: null,
      portalEnabled: true,
      portalActivated: false,
      portalTokenKind: null,
      portalTokenExpiresAt: null,
      portalLastLogin: null,
      activeJobs: 0,
      version: 0,
      ...(patch as Partial<CustomerSummary>),
      pending: true,
    };
    if (like && !`${created.name} ${created.email}`.toLowerCase().includes(q!.toLowerCase())) {
      continue;
    }
    items.unshift(created);
  }
  return items;
}

export function getCustomer(db: CacheDb, id: number): CustomerSummary | null {
  return listCustomers(db, undefined, 1_000_000).find((c) => c.id === id) ?? null;
}

/** The mirror row of a customer as the server sent it (no pending writes). */
export function getCustomerRow(db: CacheDb, id: number): SyncCustomerRow | null {
  const row = db.prepare("select * from customers where id = ?").get(id) as
    | Record<string, unknown>
    | undefined;
  if (!row) return null;
  return {
    id: row.id as number,
    name: row.name as string,
    company: row.company as string | null,
    email: row.email as string,
    phone: row.phone as string | null,
    address: row.address as string | null,
    portalEnabled: row.portal_enabled === 1,
    portalActivated: row.portal_activated === 1,
    portalTokenKind: row.portal_token_kind as "invite" | "reset" | null,
    portalTokenExpiresAt: row.portal_token_expires_at as string | null,
    portalLastLogin: row.portal_last_login as string | null,
    notifyPreference: row.notify_preference as "all" | "milestones" | "none",
    version: row.version as number,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    deletedAt: row.deleted_at as string | null,
    txid: row.txid as string,
  };
}
