import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Job statuses in workflow order. A job is active until `completed`. */
export const JOB_STATUSES = [
  "not_started",
  "in_progress",
  "quality_check",
  "ready_for_pickup",
  "completed",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const STAFF_ROLES = ["admin", "staff"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const NOTIFY_PREFERENCES = ["all", "milestones", "none"] as const;
export type NotifyPreference = (typeof NOTIFY_PREFERENCES)[number];

export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed", "dead", "cancelled"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface JobSpecification {
  name: string;
  value: string;
}

/** A timestamptz column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `xid8` is read as a decimal string (it exceeds 2^53); set only by triggers. */
type Txid = ColumnType<string, never, never>;
/** `date` columns are read as 'YYYY-MM-DD' strings, never shifted by time zones. */
type DateOnly = ColumnType<string, string, string>;
type Version = ColumnType<number, never, never>;
type Id = ColumnType<number, never, never>;

export interface ShopSettingsTable {
  id: ColumnType<number, number | undefined, never>;
  shop_name: Generated<string>;
  phone: Generated<string>;
  email: Generated<string>;
  address: Generated<string>;
  hours: Generated<string>;
  logo_url: string | null;
  photos_enabled: Generated<boolean>;
  customer_idle_minutes: Generated<number>;
  staff_idle_minutes: Generated<number>;
  /** IANA time zone of the shop: every date and time people read is in shop time. */
  time_zone: Generated<string>;
  /** ISO 4217 code: prices people read are in this currency. */
  currency: Generated<string>;
  version: Version;
  updated_at: GeneratedTimestamp;
  txid: Txid;
}

export interface StaffUsersTable {
  id: Id;
  username: string;
  display_name: string;
  email: string | null;
  role: Generated<StaffRole>;
  password_hash: string;
  active: Generated<boolean>;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export interface CustomersTable {
  id: Id;
  name: string;
  company: string | null;
  email: string;
  phone: string | null;
  address: string | null;
  portal_enabled: Generated<boolean>;
  password_hash: string | null;
  portal_login_token_hash: string | null;
  portal_login_token_kind: "invite" | "reset" | null;
  portal_login_token_expires_at: Timestamp | null;
  portal_last_login: Timestamp | null;
  notify_preference: Generated<NotifyPreference>;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export interface JobsTable {
  id: Id;
  /** Assigned by the database trigger; never supplied by clients. */
  job_number: ColumnType<string, never, never>;
  customer_id: number;
  title: string;
  description: Generated<string>;
  quantity: Generated<number>;
  special_instructions: Generated<string>;
  specifications: ColumnType<JobSpecification[], string | undefined, string>;
  status: Generated<JobStatus>;
  progress_percentage: Generated<number>;
  estimated_completion: DateOnly | null;
  customer_notes: Generated<string>;
  /** Internal: never leaves staff procedures. */
  shop_notes: Generated<string>;
  completed_at: Timestamp | null;
  created_by: number | null;
  /** The staff member responsible for the job. */
  owner_id: number | null;
  rush: Generated<boolean>;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
  search_vector: ColumnType<string, never, never>;
}

export interface JobStatusHistoryTable {
  id: Id;
  job_id: number;
  status: JobStatus;
  progress_percentage: number | null;
  notes: Generated<string>;
  visible_to_customer: Generated<boolean>;
  updated_by: number | null;
  /** 'due': a revised estimated completion (due_from → due_to, the reason in notes). */
  kind: Generated<"status" | "due">;
  due_from: DateOnly | null;
  due_to: DateOnly | null;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export interface JobPhotosTable {
  id: Id;
  job_id: number;
  content_type: "image/jpeg" | "image/png" | "image/webp";
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
  byte_size: number;
  caption: Generated<string>;
  visible_to_customer: Generated<boolean>;
  uploaded_by: number | null;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export interface JobMessagesTable {
  id: Id;
  job_id: number;
  author_type: "customer" | "staff";
  author_customer_id: number | null;
  author_staff_id: number | null;
  body: string;
  /** The other side's read marker. */
  read_at: Timestamp | null;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export type QuoteRequestStatus = "requested" | "quoted" | "declined" | "accepted" | "converted";

export interface QuoteRequestsTable {
  id: Id;
  request_number: ColumnType<string, never, never>;
  customer_id: number;
  what: string;
  quantity: number;
  needed_by: DateOnly | null;
  notes: Generated<string>;
  status: Generated<QuoteRequestStatus>;
  /** Integer cents (bigint; the pool parses int8 as a number, and the check keeps it < 2^53). */
  price_cents: number | null;
  valid_until: DateOnly | null;
  quote_note: Generated<string>;
  decline_reason: Generated<string>;
  answered_by: number | null;
  answered_at: Timestamp | null;
  accepted_name: string | null;
  accepted_at: Timestamp | null;
  accepted_ip: string | null;
  accepted_user_agent: string | null;
  job_id: number | null;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

/** A file's bytes in the PostgreSQL store (packages/api/src/files/pg-storage.ts). */
export interface FileBlobsTable {
  key: string;
  content_type: string;
  chunk_size: number;
  byte_size: Generated<number>;
  sha256: string | null;
  created_at: GeneratedTimestamp;
  /** Null while the upload is in progress (or broke): such a blob is never read. */
  completed_at: Timestamp | null;
}

export interface FileChunksTable {
  blob_key: string;
  seq: number;
  data: Buffer;
}

/** A file attached to a job: metadata only (synced); the bytes are in the file storage. */
export interface JobFilesTable {
  id: Id;
  job_id: number;
  storage_key: string;
  file_name: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  caption: Generated<string>;
  visible_to_customer: Generated<boolean>;
  uploaded_by_staff: number | null;
  uploaded_by_customer: number | null;
  /** WebP, at most 400 px; null for files without a preview. */
  thumbnail: Buffer | null;
  page_count: number | null;
  /** The message this file is attached to (issue 14), if any. */
  message_id: ColumnType<number | null, number | null | undefined, number | null>;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export const PROOF_STATES = ["waiting", "approved", "changes_requested", "superseded"] as const;
export type ProofState = (typeof PROOF_STATES)[number];

/** A job file and the sha256 it had, as recorded with an approval. */
export interface ApprovedFile {
  fileId: number;
  sha256: string;
}

export interface ProofsTable {
  id: Id;
  job_id: number;
  version_number: number;
  message: Generated<string>;
  sent_by: number | null;
  sent_at: GeneratedTimestamp;
  state: Generated<ProofState>;
  decided_at: Timestamp | null;
  decided_by_customer: number | null;
  /** The name the customer typed to approve. */
  decision_name: string | null;
  decision_ip: string | null;
  decision_user_agent: string | null;
  /** Approvals: the exact job files (id + sha256) approved. */
  approved_files: ColumnType<ApprovedFile[] | null, string | null | undefined, string | null>;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export interface ProofFilesTable {
  id: Id;
  proof_id: number;
  job_file_id: number;
  position: number;
  /** The file's sha256 when it was sent. */
  sha256: string;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

export interface ProofCommentsTable {
  id: Id;
  proof_id: number;
  customer_id: number | null;
  staff_id: number | null;
  body: string;
  /** A pin: the proof_files row it sits on, its number, and x/y as fractions 0..1. */
  proof_file_id: number | null;
  pin_number: number | null;
  pin_x: number | null;
  pin_y: number | null;
  version: Version;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  deleted_at: Timestamp | null;
  txid: Txid;
}

/** A quote request's file (bytes in the file storage) until the request becomes a job. */
export interface QuoteRequestFilesTable {
  id: Id;
  request_id: number;
  storage_key: string;
  file_name: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  thumbnail: Buffer | null;
  page_count: number | null;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  /** SHA-256 of the session token, hex. The token itself is never stored. */
  id: string;
  subject_type: "staff" | "customer";
  subject_id: number;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  idle_expires_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Id;
  at: GeneratedTimestamp;
  actor_type: "staff" | "customer" | "anonymous" | "system";
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface EmailOutboxTable {
  id: Id;
  kind: string;
  customer_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  next_attempt_at: GeneratedTimestamp;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
  /** Job-update rows of one customer share a key; later updates merge into a queued row. */
  coalesce_key: string | null;
  /** The customer-visible job_status_history rows a job-update email reports (bigint[]: pg reads it as decimal strings). */
  job_history_ids: ColumnType<string[], number[] | undefined, number[]>;
  /** Lease of a `sending` row: once passed, the row is claimed again (its worker crashed). */
  locked_until: Timestamp | null;
  /** Message-ID accepted by the SMTP server. */
  message_id: string | null;
  updated_at: GeneratedTimestamp;
}

export interface IdempotencyKeysTable {
  staff_user_id: number;
  key: string;
  procedure: string;
  result: ColumnType<unknown, string | null, string | null>;
  created_at: GeneratedTimestamp;
}

export type RatingSource = "portal" | "email";

export interface JobRatingsTable {
  id: Id;
  job_id: number;
  customer_id: number;
  rating: number;
  comment: Generated<string>;
  source: RatingSource;
  created_at: GeneratedTimestamp;
}

export interface JobNumberCountersTable {
  year: number;
  last_value: number;
}

export interface Database {
  shop_settings: ShopSettingsTable;
  staff_users: StaffUsersTable;
  customers: CustomersTable;
  job_number_counters: JobNumberCountersTable;
  jobs: JobsTable;
  job_status_history: JobStatusHistoryTable;
  job_photos: JobPhotosTable;
  job_messages: JobMessagesTable;
  quote_requests: QuoteRequestsTable;
  quote_request_files: QuoteRequestFilesTable;
  job_files: JobFilesTable;
  file_blobs: FileBlobsTable;
  file_chunks: FileChunksTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  email_outbox: EmailOutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  proofs: ProofsTable;
  proof_files: ProofFilesTable;
  proof_comments: ProofCommentsTable;
  job_ratings: JobRatingsTable;
}

export type Job = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type StaffUser = Selectable<StaffUsersTable>;
export type ShopSettings = Selectable<ShopSettingsTable>;
