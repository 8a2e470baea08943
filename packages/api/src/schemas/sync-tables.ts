import type { JobStatusValue } from "./common.ts";

/**
 * The rows a sync pull delivers (ARCHITECTURE §4), one definition for the server's pull and the
 * console's mirror: the wire shape of each synced table and the server column (or expression)
 * each field comes from. Console-safe: data and types only.
 *
 * Timestamps travel as ISO strings, dates as 'YYYY-MM-DD', txids (xid8) as decimal strings.
 */

export interface SyncStaffUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: "admin" | "staff";
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

export interface SyncCustomer {
  id: number;
  name: string;
  company: string | null;
  email: string;
  phone: string | null;
  address: string | null;
  portalEnabled: boolean;
  /** The customer has set a portal password (invite accepted). */
  portalActivated: boolean;
  /** A one-time invite/reset link is outstanding (never the token or its hash). */
  portalTokenKind: "invite" | "reset" | null;
  portalTokenExpiresAt: string | null;
  portalLastLogin: string | null;
  notifyPreference: "all" | "milestones" | "none";
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

export interface SyncJob {
  id: number;
  jobNumber: string;
  customerId: number;
  title: string;
  description: string;
  quantity: number;
  specialInstructions: string;
  specifications: { name: string; value: string }[];
  status: JobStatusValue;
  progress: number;
  estimatedCompletion: string | null;
  customerNotes: string;
  shopNotes: string;
  completedAt: string | null;
  createdBy: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

export interface SyncStatusHistory {
  id: number;
  jobId: number;
  status: JobStatusValue;
  progress: number | null;
  notes: string;
  visibleToCustomer: boolean;
  updatedBy: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

export interface SyncJobPhoto {
  id: number;
  jobId: number;
  contentType: string;
  width: number;
  height: number;
  byteSize: number;
  caption: string;
  visibleToCustomer: boolean;
  uploadedBy: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

export interface SyncShopSettings {
  id: number;
  shopName: string;
  phone: string;
  email: string;
  address: string;
  hours: string;
  logoUrl: string | null;
  photosEnabled: boolean;
  timeZone: string;
  version: number;
  updatedAt: string;
  txid: string;
}

export interface SyncRows {
  staff_users: SyncStaffUser[];
  customers: SyncCustomer[];
  jobs: SyncJob[];
  job_status_history: SyncStatusHistory[];
  job_photos: SyncJobPhoto[];
  shop_settings: SyncShopSettings[];
}

export type SyncTable = keyof SyncRows;
export type SyncRow<T extends SyncTable> = SyncRows[T][number];

/** Parents before children, so a client applying in order never sees a dangling reference. */
export const SYNC_TABLES: readonly SyncTable[] = [
  "shop_settings",
  "staff_users",
  "customers",
  "jobs",
  "job_status_history",
  "job_photos",
];

/** A server column name, or a computed SQL expression over the row (never a secret itself). */
export type SyncSource = string | { expression: string };

/**
 * Where each wire field comes from. Never password or token hashes, never photo bytes: a field
 * absent here cannot reach a console.
 */
export const SYNC_COLUMNS: { [T in SyncTable]: { [F in keyof SyncRow<T>]-?: SyncSource } } = {
  shop_settings: {
    id: "id",
    shopName: "shop_name",
    phone: "phone",
    email: "email",
    address: "address",
    hours: "hours",
    logoUrl: "logo_url",
    photosEnabled: "photos_enabled",
    timeZone: "time_zone",
    version: "version",
    updatedAt: "updated_at",
    txid: "txid",
  },
  staff_users: {
    id: "id",
    username: "username",
    displayName: "display_name",
    email: "email",
    role: "role",
    active: "active",
    version: "version",
    createdAt: "created_at",
    updatedAt: "updated_at",
    deletedAt: "deleted_at",
    txid: "txid",
  },
  customers: {
    id: "id",
    name: "name",
    company: "company",
    email: "email",
    phone: "phone",
    address: "address",
    portalEnabled: "portal_enabled",
    portalActivated: { expression: "password_hash is not null" },
    portalTokenKind: "portal_login_token_kind",
    portalTokenExpiresAt: "portal_login_token_expires_at",
    portalLastLogin: "portal_last_login",
    notifyPreference: "notify_preference",
    version: "version",
    createdAt: "created_at",
    updatedAt: "updated_at",
    deletedAt: "deleted_at",
    txid: "txid",
  },
  jobs: {
    id: "id",
    jobNumber: "job_number",
    customerId: "customer_id",
    title: "title",
    description: "description",
    quantity: "quantity",
    specialInstructions: "special_instructions",
    specifications: "specifications",
    status: "status",
    progress: "progress_percentage",
    estimatedCompletion: "estimated_completion",
    customerNotes: "customer_notes",
    shopNotes: "shop_notes",
    completedAt: "completed_at",
    createdBy: "created_by",
    version: "version",
    createdAt: "created_at",
    updatedAt: "updated_at",
    deletedAt: "deleted_at",
    txid: "txid",
  },
  job_status_history: {
    id: "id",
    jobId: "job_id",
    status: "status",
    progress: "progress_percentage",
    notes: "notes",
    visibleToCustomer: "visible_to_customer",
    updatedBy: "updated_by",
    version: "version",
    createdAt: "created_at",
    updatedAt: "updated_at",
    deletedAt: "deleted_at",
    txid: "txid",
  },
  job_photos: {
    id: "id",
    jobId: "job_id",
    contentType: "content_type",
    width: "width",
    height: "height",
    byteSize: "byte_size",
    caption: "caption",
    visibleToCustomer: "visible_to_customer",
    uploadedBy: "uploaded_by",
    version: "version",
    createdAt: "created_at",
    updatedAt: "updated_at",
    deletedAt: "deleted_at",
    txid: "txid",
  },
};

/** The wire fields of a synced table, in a stable order. */
export function syncFields<T extends SyncTable>(table: T): (keyof SyncRow<T> & string)[] {
  return Object.keys(SYNC_COLUMNS[table]) as (keyof SyncRow<T> & string)[];
}

/**
 * A table's rows on the wire: the field names once, then each row as an array of values in that
 * order (half the bytes of an array of objects, and a console binds them straight to SQL).
 */
export interface SyncTableColumns {
  fields: string[];
  values: unknown[][];
}

export type SyncColumns = { [T in SyncTable]: SyncTableColumns };

/** Objects from a page's columns (tests, tools; the console binds the arrays directly). */
export function rowsFromColumns(columns: SyncColumns): SyncRows {
  const rows = {} as Record<SyncTable, unknown[]>;
  for (const table of SYNC_TABLES) {
    const { fields, values } = columns[table];
    rows[table] = values.map((row) => Object.fromEntries(fields.map((f, i) => [f, row[i]])));
  }
  return rows as unknown as SyncRows;
}

/** Columns from row objects (the server's field order), e.g. to build a page in a test. */
export function columnsFromRows(rows: SyncRows): SyncColumns {
  const columns = {} as Record<SyncTable, SyncTableColumns>;
  for (const table of SYNC_TABLES) {
    const fields = Object.keys(SYNC_COLUMNS[table]);
    columns[table] = {
      fields,
      values: (rows[table] as unknown as Record<string, unknown>[]).map((row) =>
        fields.map((f) => row[f]),
      ),
    };
  }
  return columns as SyncColumns;
}
