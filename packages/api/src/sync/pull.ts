import type { Database, Db } from "@traveler/db";
import { type Expression, type SqlBool, sql, type Transaction } from "kysely";
import { decodeCursor, encodeCursor, type SyncCursor } from "./cursor.ts";

/**
 * The sync pull (ARCHITECTURE §4): rows whose txid lies in the window [since, upto), where
 * `upto` is the xmin of the reading snapshot. Every transaction below xmin has finished and no
 * future write can get a txid below it, so the window is complete and final; a long-open
 * transaction delays its rows (they stay at or above xmin) but never loses them.
 *
 * Every page is read in one REPEATABLE READ READ ONLY transaction. A fresh pull (no page in the
 * cursor) fixes `upto` from that transaction's snapshot; later pages of the same window reuse it
 * and continue after the last (txid, id) delivered, table by table. `cursor: null` is the
 * bootstrap: the window starts at 0, so the first page reads every table in one snapshot.
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
  status: "not_started" | "in_progress" | "quality_check" | "ready_for_pickup" | "completed";
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
  status: SyncJob["status"];
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

export interface PullResult {
  rows: SyncRows;
  /** Pass back on the next pull. */
  cursor: string;
  /** More rows of the current window remain: pull again at once. */
  hasMore: boolean;
  /** Every change with a txid below this (decimal xid8) has now been delivered. */
  watermark: string;
  /** Rows in this page. */
  count: number;
}

/** Parents before children, so a client applying in order never sees a dangling reference. */
export const SYNC_TABLES: readonly SyncTable[] = [
  "shop_settings",
  "staff_users",
  "customers",
  "jobs",
  "job_status_history",
  "job_photos",
];

export const DEFAULT_PULL_LIMIT = 2_000;
export const MAX_PULL_LIMIT = 10_000;

type Trx = Transaction<Database>;

interface Window {
  since: string;
  upto: string;
  afterTxid: string | null;
  afterId: number | null;
}

function inWindow(w: Window, txid: string, id: string): Expression<SqlBool> {
  const txidCol = sql.ref(txid);
  const idCol = sql.ref(id);
  const after =
    w.afterTxid === null
      ? sql`true`
      : sql`(${txidCol}, ${idCol}) > (${w.afterTxid}::xid8, ${w.afterId}::bigint)`;
  return sql<SqlBool>`${txidCol} >= ${w.since}::xid8 and ${txidCol} < ${w.upto}::xid8 and ${after}`;
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

type Reader<T> = (trx: Trx, w: Window, limit: number) => Promise<T[]>;

const readers: { [K in SyncTable]: Reader<SyncRows[K][number]> } = {
  async shop_settings(trx, w, limit) {
    const rows = await trx
      .selectFrom("shop_settings")
      .select([
        "id",
        "shop_name",
        "phone",
        "email",
        "address",
        "hours",
        "logo_url",
        "photos_enabled",
        "version",
        "updated_at",
        "txid",
      ])
      .where(inWindow(w, "txid", "id"))
      .orderBy("txid")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      shopName: r.shop_name,
      phone: r.phone,
      email: r.email,
      address: r.address,
      hours: r.hours,
      logoUrl: r.logo_url,
      photosEnabled: r.photos_enabled,
      version: r.version,
      updatedAt: iso(r.updated_at),
      txid: r.txid,
    }));
  },
  async staff_users(trx, w, limit) {
    // Never password_hash.
    const rows = await trx
      .selectFrom("staff_users")
      .select([
        "id",
        "username",
        "display_name",
        "email",
        "role",
        "active",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
        "txid",
      ])
      .where(inWindow(w, "txid", "id"))
      .orderBy("txid")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      email: r.email,
      role: r.role,
      active: r.active,
      version: r.version,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      deletedAt: isoOrNull(r.deleted_at),
      txid: r.txid,
    }));
  },
  async customers(trx, w, limit) {
    // Never password_hash nor portal_login_token_hash.
    const rows = await trx
      .selectFrom("customers")
      .select([
        "id",
        "name",
        "company",
        "email",
        "phone",
        "address",
        "portal_enabled",
        sql<boolean>`password_hash is not null`.as("portal_activated"),
        "portal_login_token_kind",
        "portal_login_token_expires_at",
        "portal_last_login",
        "notify_preference",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
        "txid",
      ])
      .where(inWindow(w, "txid", "id"))
      .orderBy("txid")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      company: r.company,
      email: r.email,
      phone: r.phone,
      address: r.address,
      portalEnabled: r.portal_enabled,
      portalActivated: r.portal_activated,
      portalTokenKind: r.portal_login_token_kind,
      portalTokenExpiresAt: isoOrNull(r.portal_login_token_expires_at),
      portalLastLogin: isoOrNull(r.portal_last_login),
      notifyPreference: r.notify_preference,
      version: r.version,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      deletedAt: isoOrNull(r.deleted_at),
      txid: r.txid,
    }));
  },
  async jobs(trx, w, limit) {
    const rows = await trx
      .selectFrom("jobs")
      .select([
        "id",
        "job_number",
        "customer_id",
        "title",
        "description",
        "quantity",
        "special_instructions",
        "specifications",
        "status",
        "progress_percentage",
        "estimated_completion",
        "customer_notes",
        "shop_notes",
        "completed_at",
        "created_by",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
        "txid",
      ])
      .where(inWindow(w, "txid", "id"))
      .orderBy("txid")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      jobNumber: r.job_number,
      customerId: r.customer_id,
      title: r.title,
      description: r.description,
      quantity: r.quantity,
      specialInstructions: r.special_instructions,
      specifications: r.specifications,
      status: r.status,
      progress: r.progress_percentage,
      estimatedCompletion: r.estimated_completion,
      customerNotes: r.customer_notes,
      shopNotes: r.shop_notes,
      completedAt: isoOrNull(r.completed_at),
      createdBy: r.created_by,
      version: r.version,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      deletedAt: isoOrNull(r.deleted_at),
      txid: r.txid,
    }));
  },
  async job_status_history(trx, w, limit) {
    const rows = await trx
      .selectFrom("job_status_history")
      .select([
        "id",
        "job_id",
        "status",
        "progress_percentage",
        "notes",
        "visible_to_customer",
        "updated_by",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
        "txid",
      ])
      .where(inWindow(w, "txid", "id"))
      .orderBy("txid")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      jobId: r.job_id,
      status: r.status,
      progress: r.progress_percentage,
      notes: r.notes,
      visibleToCustomer: r.visible_to_customer,
      updatedBy: r.updated_by,
      version: r.version,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      deletedAt: isoOrNull(r.deleted_at),
      txid: r.txid,
    }));
  },
  async job_photos(trx, w, limit) {
    // Metadata only: never the bytes.
    const rows = await trx
      .selectFrom("job_photos")
      .select([
        "id",
        "job_id",
        "content_type",
        "width",
        "height",
        "byte_size",
        "caption",
        "visible_to_customer",
        "uploaded_by",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
        "txid",
      ])
      .where(inWindow(w, "txid", "id"))
      .orderBy("txid")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      jobId: r.job_id,
      contentType: r.content_type,
      width: r.width,
      height: r.height,
      byteSize: r.byte_size,
      caption: r.caption,
      visibleToCustomer: r.visible_to_customer,
      uploadedBy: r.uploaded_by,
      version: r.version,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      deletedAt: isoOrNull(r.deleted_at),
      txid: r.txid,
    }));
  },
};

/** The xmin of the current snapshot (xid8, decimal string): the safe watermark. */
export async function snapshotWatermark(trx: Trx | Db): Promise<string> {
  const result = await sql<{
    upto: string;
  }>`select pg_snapshot_xmin(pg_current_snapshot())::text as upto`.execute(trx);
  const upto = result.rows[0]?.upto;
  if (!upto) throw new Error("pg_current_snapshot() returned no row");
  return upto;
}

export function emptyRows(): SyncRows {
  return {
    staff_users: [],
    customers: [],
    jobs: [],
    job_status_history: [],
    job_photos: [],
    shop_settings: [],
  };
}

/**
 * One page of changes after `cursor` (null = bootstrap from the beginning), at most `limit` rows.
 * Throws InvalidCursorError for a malformed cursor.
 */
export async function pull(
  db: Db,
  cursor: string | null,
  limit: number = DEFAULT_PULL_LIMIT,
): Promise<PullResult> {
  const max = Math.max(1, Math.min(MAX_PULL_LIMIT, Math.floor(limit)));
  const start: SyncCursor = cursor === null ? { since: "0" } : decodeCursor(cursor);

  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      const upto = start.page?.upto ?? (await snapshotWatermark(trx));
      const rows = emptyRows();
      let remaining = max;
      let count = 0;
      let tableIndex = start.page?.table ?? 0;
      let afterTxid = start.page?.txid ?? null;
      let afterId = start.page?.id ?? null;

      while (tableIndex < SYNC_TABLES.length) {
        if (remaining === 0) {
          // Page full at a table boundary: continue with this table next time.
          return page(rows, count, start.since, { upto, table: tableIndex, txid: null, id: null });
        }
        const table = SYNC_TABLES[tableIndex] as SyncTable;
        const window: Window = { since: start.since, upto, afterTxid, afterId };
        const got = await readers[table](trx, window, remaining + 1);
        const taken = got.slice(0, remaining);
        (rows[table] as unknown[]).push(...taken);
        count += taken.length;
        remaining -= taken.length;
        if (got.length > taken.length) {
          const last = taken[taken.length - 1] as { txid: string; id: number };
          return page(rows, count, start.since, {
            upto,
            table: tableIndex,
            txid: last.txid,
            id: last.id,
          });
        }
        tableIndex += 1;
        afterTxid = null;
        afterId = null;
      }
      return {
        rows,
        count,
        hasMore: false,
        cursor: encodeCursor({ since: upto }),
        watermark: upto,
      };
    });
}

function page(
  rows: SyncRows,
  count: number,
  since: string,
  position: NonNullable<SyncCursor["page"]>,
): PullResult {
  return {
    rows,
    count,
    hasMore: true,
    cursor: encodeCursor({ since, page: position }),
    watermark: since,
  };
}
