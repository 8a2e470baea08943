import type { JobStatusValue } from "./common.ts";
import type { QuoteStatusValue } from "./quotes.ts";

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
  ownerId: number | null;
  rush: boolean;
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
  /** 'due': a revised estimated completion, dueFrom → dueTo (notes: the reason). */
  kind: "status" | "due";
  dueFrom: string | null;
  dueTo: string | null;
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

/** A message on a job (issue 14). `readAt`: the other side's read marker. */
export interface SyncJobMessage {
  id: number;
  jobId: number;
  authorType: "customer" | "staff";
  authorCustomerId: number | null;
  authorStaffId: number | null;
  body: string;
  readAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

/** A customer's quote request (issue 14); prices in integer cents. */
export interface SyncQuoteRequest {
  id: number;
  requestNumber: string;
  customerId: number;
  what: string;
  quantity: number;
  neededBy: string | null;
  notes: string;
  status: QuoteStatusValue;
  priceCents: number | null;
  validUntil: string | null;
  quoteNote: string;
  declineReason: string;
  answeredBy: number | null;
  answeredAt: string | null;
  acceptedName: string | null;
  acceptedAt: string | null;
  jobId: number | null;
  /**
   * The request's files (metadata; bytes are downloaded on demand). They are written with the
   * request or touch its row when added, so the row's txid covers them; at conversion they move
   * to the job and this list empties.
   */
  files: SyncQuoteRequestFile[];
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

export interface SyncQuoteRequestFile {
  id: number;
  fileName: string;
  contentType: string;
  byteSize: number;
  pageCount: number | null;
}

/** A file on a job: metadata only; the bytes are downloaded on demand over HTTP. */
export interface SyncJobFile {
  id: number;
  jobId: number;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  caption: string;
  visibleToCustomer: boolean;
  uploadedByStaff: number | null;
  uploadedByCustomer: number | null;
  hasThumbnail: boolean;
  pageCount: number | null;
  /** The message it is attached to (issue 14), if any. */
  messageId: number | null;
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
  currency: string;
  version: number;
  updatedAt: string;
  txid: string;
}

/** A version of a job's proof (issue 13). */
export interface SyncProof {
  id: number;
  jobId: number;
  versionNumber: number;
  message: string;
  sentBy: number | null;
  sentAt: string;
  state: "waiting" | "approved" | "changes_requested" | "superseded";
  decidedAt: string | null;
  decidedByCustomer: number | null;
  decisionName: string | null;
  decisionIp: string | null;
  decisionUserAgent: string | null;
  approvedFiles: { fileId: number; sha256: string }[] | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

/** A job file of a proof version, with the sha256 it had when sent. */
export interface SyncProofFile {
  id: number;
  proofId: number;
  jobFileId: number;
  position: number;
  sha256: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

/** A comment on a proof version; a pin has a number, a proof file and x/y fractions 0..1. */
export interface SyncProofComment {
  id: number;
  proofId: number;
  customerId: number | null;
  staffId: number | null;
  body: string;
  proofFileId: number | null;
  pinNumber: number | null;
  pinX: number | null;
  pinY: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  txid: string;
}

export interface SyncRows {
  staff_users: SyncStaffUser[];
  customers: SyncCustomer[];
  jobs: SyncJob[];
  job_status_history: SyncStatusHistory[];
  job_photos: SyncJobPhoto[];
  job_messages: SyncJobMessage[];
  quote_requests: SyncQuoteRequest[];
  job_files: SyncJobFile[];
  proofs: SyncProof[];
  proof_files: SyncProofFile[];
  proof_comments: SyncProofComment[];
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
  "job_messages",
  "quote_requests",
  "job_files",
  "proofs",
  "proof_files",
  "proof_comments",
];

/**
 * How a field's value travels: `int`, `real` (a finite double) and `text` as they are; `bool` true/false; `timestamp` an ISO
 * string; `date` 'YYYY-MM-DD'; `json` a JSON value (objects/arrays); `xid8` a decimal string (it
 * exceeds 2^53). A local store maps each kind to its own storage (e.g. SQLite 0/1, JSON text).
 */
export type SyncKind = "int" | "real" | "text" | "bool" | "timestamp" | "date" | "json" | "xid8";

/** A server column, or a computed SQL expression over the row (never a secret itself). */
export type SyncColumn<K extends SyncKind = SyncKind> =
  | { column: string; kind: K }
  | { expression: string; kind: K };

/** The kinds a wire value of type V may travel as (a mismatch is a type error). */
type KindFor<V> = [NonNullable<V>] extends [boolean]
  ? "bool"
  : [NonNullable<V>] extends [number]
    ? "int" | "real"
    : [NonNullable<V>] extends [string]
      ? "text" | "timestamp" | "date" | "xid8"
      : "json";

const int = (column: string) => ({ column, kind: "int" as const });
const real = (column: string) => ({ column, kind: "real" as const });
const text = (column: string) => ({ column, kind: "text" as const });
const bool = (column: string) => ({ column, kind: "bool" as const });
const timestamp = (column: string) => ({ column, kind: "timestamp" as const });
const date = (column: string) => ({ column, kind: "date" as const });
const json = (column: string) => ({ column, kind: "json" as const });
const xid8 = (column: string) => ({ column, kind: "xid8" as const });
const expression = <K extends SyncKind>(sql: string, kind: K) => ({ expression: sql, kind });

/**
 * Where each wire field comes from and how it travels (one list for the server's pull and a
 * console's mirror). Never password or token hashes, never photo or file bytes: a field absent here
 * cannot reach a console.
 */
export const SYNC_COLUMNS: {
  [T in SyncTable]: { [F in keyof SyncRow<T>]-?: SyncColumn<KindFor<SyncRow<T>[F]>> };
} = {
  shop_settings: {
    id: int("id"),
    shopName: text("shop_name"),
    phone: text("phone"),
    email: text("email"),
    address: text("address"),
    hours: text("hours"),
    logoUrl: text("logo_url"),
    photosEnabled: bool("photos_enabled"),
    timeZone: text("time_zone"),
    currency: text("currency"),
    version: int("version"),
    updatedAt: timestamp("updated_at"),
    txid: xid8("txid"),
  },
  staff_users: {
    id: int("id"),
    username: text("username"),
    displayName: text("display_name"),
    email: text("email"),
    role: text("role"),
    active: bool("active"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  customers: {
    id: int("id"),
    name: text("name"),
    company: text("company"),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    portalEnabled: bool("portal_enabled"),
    portalActivated: expression("password_hash is not null", "bool"),
    portalTokenKind: text("portal_login_token_kind"),
    portalTokenExpiresAt: timestamp("portal_login_token_expires_at"),
    portalLastLogin: timestamp("portal_last_login"),
    notifyPreference: text("notify_preference"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  jobs: {
    id: int("id"),
    jobNumber: text("job_number"),
    customerId: int("customer_id"),
    title: text("title"),
    description: text("description"),
    quantity: int("quantity"),
    specialInstructions: text("special_instructions"),
    specifications: json("specifications"),
    status: text("status"),
    progress: int("progress_percentage"),
    estimatedCompletion: date("estimated_completion"),
    customerNotes: text("customer_notes"),
    shopNotes: text("shop_notes"),
    completedAt: timestamp("completed_at"),
    createdBy: int("created_by"),
    ownerId: int("owner_id"),
    rush: bool("rush"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  job_status_history: {
    id: int("id"),
    jobId: int("job_id"),
    status: text("status"),
    progress: int("progress_percentage"),
    notes: text("notes"),
    visibleToCustomer: bool("visible_to_customer"),
    updatedBy: int("updated_by"),
    kind: text("kind"),
    dueFrom: date("due_from"),
    dueTo: date("due_to"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  job_photos: {
    id: int("id"),
    jobId: int("job_id"),
    contentType: text("content_type"),
    width: int("width"),
    height: int("height"),
    byteSize: int("byte_size"),
    caption: text("caption"),
    visibleToCustomer: bool("visible_to_customer"),
    uploadedBy: int("uploaded_by"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  job_messages: {
    id: int("id"),
    jobId: int("job_id"),
    authorType: text("author_type"),
    authorCustomerId: int("author_customer_id"),
    authorStaffId: int("author_staff_id"),
    body: text("body"),
    readAt: timestamp("read_at"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  quote_requests: {
    id: int("id"),
    requestNumber: text("request_number"),
    customerId: int("customer_id"),
    what: text("what"),
    quantity: int("quantity"),
    neededBy: date("needed_by"),
    notes: text("notes"),
    status: text("status"),
    priceCents: int("price_cents"),
    validUntil: date("valid_until"),
    quoteNote: text("quote_note"),
    declineReason: text("decline_reason"),
    answeredBy: int("answered_by"),
    answeredAt: timestamp("answered_at"),
    acceptedName: text("accepted_name"),
    acceptedAt: timestamp("accepted_at"),
    jobId: int("job_id"),
    files: expression(
      `(select coalesce(json_agg(json_build_object('id', f.id, 'fileName', f.file_name,
          'contentType', f.content_type, 'byteSize', f.byte_size, 'pageCount', f.page_count)
          order by f.id), '[]'::json)
        from quote_request_files f where f.request_id = quote_requests.id)`,
      "json",
    ),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  job_files: {
    id: int("id"),
    jobId: int("job_id"),
    fileName: text("file_name"),
    contentType: text("content_type"),
    byteSize: int("byte_size"),
    sha256: text("sha256"),
    caption: text("caption"),
    visibleToCustomer: bool("visible_to_customer"),
    uploadedByStaff: int("uploaded_by_staff"),
    uploadedByCustomer: int("uploaded_by_customer"),
    hasThumbnail: expression("thumbnail is not null", "bool"),
    pageCount: int("page_count"),
    messageId: int("message_id"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  proofs: {
    id: int("id"),
    jobId: int("job_id"),
    versionNumber: int("version_number"),
    message: text("message"),
    sentBy: int("sent_by"),
    sentAt: timestamp("sent_at"),
    state: text("state"),
    decidedAt: timestamp("decided_at"),
    decidedByCustomer: int("decided_by_customer"),
    decisionName: text("decision_name"),
    decisionIp: text("decision_ip"),
    decisionUserAgent: text("decision_user_agent"),
    approvedFiles: json("approved_files"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  proof_files: {
    id: int("id"),
    proofId: int("proof_id"),
    jobFileId: int("job_file_id"),
    position: int("position"),
    sha256: text("sha256"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
  },
  proof_comments: {
    id: int("id"),
    proofId: int("proof_id"),
    customerId: int("customer_id"),
    staffId: int("staff_id"),
    body: text("body"),
    proofFileId: int("proof_file_id"),
    pinNumber: int("pin_number"),
    pinX: real("pin_x"),
    pinY: real("pin_y"),
    version: int("version"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    deletedAt: timestamp("deleted_at"),
    txid: xid8("txid"),
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
