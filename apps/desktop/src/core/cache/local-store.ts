import { randomUUID } from "node:crypto";
import { txidVisibleInSnapshot } from "@traveler/api/schemas";
import Database from "better-sqlite3";
import type { JobStatus, PullPage, SyncCustomerRow } from "../sync-rows.ts";
import { migrateCache } from "./migrations/index.ts";
import { applyTables, field, MIRROR_TABLES } from "./mirror.ts";

/** A job as lists and the board show it (mirror row merged with pending local writes). */
export interface JobSummary {
  id: number | null;
  jobNumber: string;
  title: string;
  customerId: number;
  customerName: string;
  status: JobStatus;
  progress: number;
  estimatedCompletion: string | null;
  ownerId: number | null;
  ownerName: string | null;
  rush: boolean;
  updatedAt: string;
  /** A local write to this job is not yet confirmed by the server. */
  pending: boolean;
}

export interface JobDetail extends JobSummary {
  description: string;
  quantity: number;
  specialInstructions: string;
  specifications: { name: string; value: string }[];
  customerNotes: string;
  shopNotes: string;
  completedAt: string | null;
  createdAt: string;
  version: number;
  history: {
    id: number | null;
    status: JobStatus;
    progress: number | null;
    notes: string;
    visibleToCustomer: boolean;
    /** 'due': the estimated completion moved from dueFrom to dueTo (notes: the reason). */
    kind: "status" | "due";
    dueFrom: string | null;
    dueTo: string | null;
    updatedBy: string | null;
    createdAt: string;
    pending: boolean;
  }[];
  photos: {
    id: number;
    caption: string;
    visibleToCustomer: boolean;
    width: number;
    height: number;
    createdAt: string;
  }[];
}

export interface CustomerSummary {
  id: number | null;
  key: string;
  name: string;
  company: string | null;
  email: string;
  phone: string | null;
  address: string | null;
  portalEnabled: boolean;
  portalActivated: boolean;
  portalTokenKind: "invite" | "reset" | null;
  portalTokenExpiresAt: string | null;
  portalLastLogin: string | null;
  activeJobs: number;
  version: number;
  pending: boolean;
}

export interface StaffSummary {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: "admin" | "staff";
  active: boolean;
}

/** An optimistic change not yet confirmed by a pull: merged over the mirror at read time. */
export interface OverlayRow {
  mutationId: number;
  entity: "job" | "customer" | "history";
  entityKey: string;
  patch: Record<string, unknown>;
}

export const JOB_SORTS = ["updated", "due", "number", "customer"] as const;
export type JobSort = (typeof JOB_SORTS)[number];

export interface JobQuery {
  q?: string | undefined;
  status?: JobStatus[] | undefined;
  customerId?: number | undefined;
  /** A staff member's jobs; null: jobs without an owner. */
  ownerId?: number | null | undefined;
  rush?: boolean | undefined;
  includeCompleted?: boolean | undefined;
  limit?: number | undefined;
  /** Rows to skip (the job list reads the window the person scrolled to). */
  offset?: number | undefined;
  sort?: JobSort | undefined;
  /** Default: newest change first for "updated", otherwise ascending. */
  descending?: boolean | undefined;
}

/** ORDER BY for each sort, ascending (every one ends on the id, so pages never overlap). */
const ORDER: Record<JobSort, string[]> = {
  updated: ["j.updated_at", "j.id"],
  // Jobs without a due date last.
  due: ["j.estimated_completion is null", "j.estimated_completion", "j.id"],
  // Job numbers are given in creation order: the id orders them past J-…-9999 as well.
  number: ["j.id"],
  customer: ["c.name collate nocase", "j.id"],
};

function orderBy(query: JobQuery): string {
  const sort = query.sort ?? "updated";
  const descending = query.descending ?? sort === "updated";
  return ORDER[sort]
    .map((term, i) =>
      // "is null" keeps nulls last in both directions.
      sort === "due" && i === 0 ? term : `${term} ${descending ? "desc" : "asc"}`,
    )
    .join(", ");
}

/** Searches count their matches up to this many ("1,000+ jobs"). */
export const SEARCH_COUNT_CAP = 1_000;

const JOB_COLUMNS = `j.id, j.job_number, j.customer_id, j.title, j.status, j.progress,
  j.estimated_completion, j.updated_at, coalesce(c.name, '') as customer_name, j.owner_id, j.rush,
  (select display_name from staff_users where id = j.owner_id) as owner_name`;

interface JobSummaryRow {
  id: number;
  job_number: string;
  customer_id: number;
  title: string;
  status: JobStatus;
  progress: number;
  estimated_completion: string | null;
  updated_at: string;
  customer_name: string;
  owner_id: number | null;
  rush: number;
  owner_name: string | null;
}

/**
 * The console's local cache (ARCHITECTURE §4): better-sqlite3 in WAL mode, mirror tables of the
 * synced server tables, an FTS5 index over jobs, sync state, the outbox and overlays.
 */
export class LocalStore {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = OFF");
    migrateCache(this.db);
  }

  close(): void {
    this.db.close();
  }

  // Sync state -----------------------------------------------------------------------------------

  getState(key: string): string | null {
    const row = this.db.prepare("select value from sync_state where key = ?").get(key) as
      | { value: string | null }
      | undefined;
    return row?.value ?? null;
  }

  setState(key: string, value: string | null): void {
    this.db
      .prepare(
        "insert into sync_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value",
      )
      .run(key, value);
  }

  /** This installation's id, the prefix of every idempotency key. */
  clientId(): string {
    let id = this.getState("client_id");
    if (!id) {
      id = randomUUID();
      this.setState("client_id", id);
    }
    return id;
  }

  cursor(): string | null {
    return this.getState("cursor");
  }

  /** Forgets every synced row and the cursor (another server or another user). */
  resetMirror(): void {
    this.countCache = null;
    this.db.transaction(() => {
      for (const table of MIRROR_TABLES) this.db.exec(`delete from ${table}`);
      this.setState("cursor", null);
      this.setState("snapshot", null);
      this.setState("bootstrapping", null);
    })();
  }

  // Applying pulled rows -------------------------------------------------------------------------

  /**
   * One pulled page and its cursor in one SQLite transaction. Idempotent: a row never replaces
   * a newer version, so duplicate or out-of-order deliveries are harmless.
   */
  applyPull(page: PullPage, at: string, options: { bootstrap?: boolean } = {}): void {
    this.countCache = null;
    this.db.transaction(() => {
      // A bootstrap fills an empty cache: rows go in without per-row checks or search indexing
      // (built once afterwards); later pages keep the index current row by row.
      const bootstrap = options.bootstrap === true;
      if (bootstrap) this.setState("bootstrapping", "1");
      const applied = applyTables(this.db, page.tables, { bootstrap });
      const jobs = page.tables.jobs;
      if (bootstrap) {
        // The search index is built after the bootstrap, in chunks (buildSearchIndex).
        this.setState("fts_pending", "0");
      } else {
        this.reindexJobs(applied.jobs.map((row) => field(jobs, row, "id") as number));
        for (const customerId of applied.renamedCustomers) {
          const ids = this.db
            .prepare("select id from jobs where customer_id = ?")
            .pluck()
            .all(customerId) as number[];
          this.reindexJobs(ids);
        }
      }
      this.setState("cursor", page.cursor);
      this.setState("watermark", page.watermark);
      this.setState("snapshot", page.snapshot);
      this.setState("last_pull_at", at);
      this.dropConfirmedOverlays(page.snapshot);
    })();
  }

  /**
   * Builds the search index after a bootstrap, one chunk of jobs (by id) per call, so the console
   * stays responsive; until it is done, searches fall back to LIKE. Returns true when more remain.
   * Jobs changed by later pulls meanwhile are indexed as they arrive (insert or replace).
   */
  buildSearchIndex(chunk = 10_000): boolean {
    const from = this.getState("fts_pending");
    if (from === null) return false;
    return this.db.transaction(() => {
      const ids = this.db
        .prepare("select id from jobs where id > ? order by id limit ?")
        .pluck()
        .all(Number(from), chunk) as number[];
      if (ids.length === 0) {
        this.setState("fts_pending", null);
        return false;
      }
      this.db
        .prepare(
          `insert or replace into jobs_fts (rowid, job_number, title, description, customer_name)
           select j.id, j.job_number, j.title, j.description,
                  coalesce(c.name, '') || ' ' || coalesce(c.company, '')
             from jobs j left join customers c on c.id = j.customer_id
            where j.id >= ? and j.id <= ? and j.deleted_at is null`,
        )
        .run(ids[0], ids[ids.length - 1]);
      this.setState("fts_pending", String(ids[ids.length - 1]));
      return true;
    })();
  }

  /** The bootstrap's last page is in: from now on pulls are incremental. */
  finishBootstrap(): void {
    this.setState("bootstrapping", null);
  }

  private reindexJobs(ids: number[]): void {
    if (ids.length === 0) return;
    const remove = this.db.prepare("delete from jobs_fts where rowid = ?");
    const read = this.db.prepare(
      `select j.job_number, j.title, j.description, coalesce(c.name, '') || ' ' || coalesce(c.company, '') as customer_name, j.deleted_at
       from jobs j left join customers c on c.id = j.customer_id where j.id = ?`,
    );
    const insert = this.db.prepare(
      "insert into jobs_fts (rowid, job_number, title, description, customer_name) values (?, ?, ?, ?, ?)",
    );
    for (const id of ids) {
      remove.run(id);
      const row = read.get(id) as
        | {
            job_number: string;
            title: string;
            description: string;
            customer_name: string;
            deleted_at: string | null;
          }
        | undefined;
      if (row && !row.deleted_at) {
        insert.run(id, row.job_number, row.title, row.description, row.customer_name);
      }
    }
  }

  // Overlays ---------------------------------------------------------------------------------------

  addOverlay(overlay: OverlayRow): void {
    this.db
      .prepare(
        "insert into overlays (mutation_id, entity, entity_key, patch, created_at) values (?, ?, ?, ?, ?)",
      )
      .run(
        overlay.mutationId,
        overlay.entity,
        overlay.entityKey,
        JSON.stringify(overlay.patch),
        new Date().toISOString(),
      );
  }

  /** The server applied the write: keep the overlay until a pull has delivered its effect. */
  confirmOverlay(
    mutationId: number,
    result: { txid: string | null; id: number | null; version: number | null },
  ): void {
    this.db
      .prepare(
        "update overlays set pushed = 1, result_txid = ?, result_id = ?, result_version = ? where mutation_id = ?",
      )
      .run(result.txid, result.id, result.version, mutationId);
    const snapshot = this.getState("snapshot");
    if (snapshot) this.dropConfirmedOverlays(snapshot);
  }

  /** Replaces what a queued write shows for one entity (after a conflict decision). */
  setOverlayPatch(mutationId: number, entity: string, patch: Record<string, unknown>): void {
    this.db
      .prepare("update overlays set patch = ? where mutation_id = ? and entity = ?")
      .run(JSON.stringify(patch), mutationId, entity);
  }

  dropOverlay(mutationId: number): void {
    this.db.prepare("delete from overlays where mutation_id = ?").run(mutationId);
  }

  /**
   * Drops overlays whose write the mirror now holds: the write's txid is visible in the snapshot
   * the pulls have completed, or (no txid returned) the mirror row reached the returned version.
   */
  private dropConfirmedOverlays(snapshot: string): void {
    const rows = this.db
      .prepare(
        "select mutation_id, entity, result_txid, result_id, result_version from overlays where pushed = 1",
      )
      .all() as {
      mutation_id: number;
      entity: string;
      result_txid: string | null;
      result_id: number | null;
      result_version: number | null;
    }[];
    const seen = new Set<number>();
    for (const row of rows) {
      if (seen.has(row.mutation_id)) continue;
      seen.add(row.mutation_id);
      let done = row.result_txid !== null && txidVisibleInSnapshot(snapshot, row.result_txid);
      if (!done && row.result_id !== null && row.result_version !== null) {
        const table = row.entity === "customer" ? "customers" : "jobs";
        const mirror = this.db
          .prepare(`select version from ${table} where id = ?`)
          .get(row.result_id) as { version: number } | undefined;
        done = mirror !== undefined && mirror.version >= row.result_version;
      }
      if (done) this.dropOverlay(row.mutation_id);
    }
  }

  overlays(entity: OverlayRow["entity"]): OverlayRow[] {
    const rows = this.db
      .prepare(
        "select mutation_id, entity, entity_key, patch from overlays where entity = ? order by mutation_id, id",
      )
      .all(entity) as { mutation_id: number; entity: string; entity_key: string; patch: string }[];
    return rows.map((r) => ({
      mutationId: r.mutation_id,
      entity: r.entity as OverlayRow["entity"],
      entityKey: r.entity_key,
      patch: JSON.parse(r.patch) as Record<string, unknown>,
    }));
  }

  /** Overlay patches per key, merged in mutation order. */
  private mergedOverlays(entity: OverlayRow["entity"]): Map<string, Record<string, unknown>> {
    const merged = new Map<string, Record<string, unknown>>();
    for (const o of this.overlays(entity)) {
      merged.set(o.entityKey, { ...(merged.get(o.entityKey) ?? {}), ...o.patch });
    }
    return merged;
  }

  // Reads -----------------------------------------------------------------------------------------

  /** Cached between pulls: the status bar asks several times a second. */
  private countCache: { jobs: number; customers: number } | null = null;

  counts(): { jobs: number; customers: number } {
    if (this.countCache) return this.countCache;
    const jobs = this.db
      .prepare("select count(*) from jobs where deleted_at is null")
      .pluck()
      .get();
    const customers = this.db
      .prepare("select count(*) from customers where deleted_at is null")
      .pluck()
      .get();
    this.countCache = { jobs: jobs as number, customers: customers as number };
    return this.countCache;
  }

  /** FTS5 match expression: every word as a prefix, all required. */
  static ftsQuery(q: string): string | null {
    const words = q
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .slice(0, 8);
    if (words.length === 0) return null;
    return words.map((w) => `"${w}"*`).join(" ");
  }

  listJobs(query: JobQuery = {}): {
    items: JobSummary[];
    total: number;
    totalIsLowerBound: boolean;
  } {
    const limit = Math.min(query.limit ?? 200, 2_000);
    const offset = Math.max(0, query.offset ?? 0);
    const where: string[] = ["j.deleted_at is null"];
    const params: unknown[] = [];
    if (query.status && query.status.length > 0) {
      where.push(`j.status in (${query.status.map(() => "?").join(", ")})`);
      params.push(...query.status);
    } else if (!query.includeCompleted) {
      where.push("j.status <> 'completed'");
    }
    if (query.customerId !== undefined) {
      where.push("j.customer_id = ?");
      params.push(query.customerId);
    }
    where.push(...ownerAndRush(query, params));
    // Until the search index is built (right after a first sign-in), search by LIKE.
    const indexing = Boolean(query.q?.trim()) && this.getState("fts_pending") !== null;
    if (indexing) {
      const like = `%${query.q!.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      where.push(
        "(j.job_number like ? escape '\\' or j.title like ? escape '\\' or j.description like ? escape '\\' or j.customer_id in (select id from customers where name like ? escape '\\'))",
      );
      params.push(like, like, like, like);
    }
    const clause = where.join(" and ");
    const fts = query.q && !indexing ? LocalStore.ftsQuery(query.q) : null;
    let total: number;
    let rows: JobSummaryRow[];
    if (fts) {
      // FTS drives: matches come in rowid (= job id) order, newest jobs first, and the scan
      // stops at `limit`; no sort over every match.
      // Counting every match of a broad term costs a row lookup each: stop counting at a cap.
      total = this.db
        .prepare(
          `select count(*) from (select 1 from jobs_fts f join jobs j on j.id = f.rowid
           where jobs_fts match ? and ${clause} limit ${SEARCH_COUNT_CAP + 1})`,
        )
        .pluck()
        .get(fts, ...params) as number;
      // Without a chosen sort, FTS order (rowid = job id, newest first) lets the scan stop at
      // `limit` with no sort over every match.
      rows = this.db
        .prepare(
          `select ${JOB_COLUMNS} from jobs_fts f join jobs j on j.id = f.rowid
             left join customers c on c.id = j.customer_id
           where jobs_fts match ? and ${clause}
           order by ${query.sort ? orderBy(query) : "f.rowid desc"} limit ? offset ?`,
        )
        .all(fts, ...params, limit, offset) as JobSummaryRow[];
    } else {
      total = this.db
        .prepare(`select count(*) from jobs j where ${clause}`)
        .pluck()
        .get(...params) as number;
      rows = this.db
        .prepare(
          `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
           where ${clause} order by ${orderBy(query)} limit ? offset ?`,
        )
        .all(...params, limit, offset) as JobSummaryRow[];
    }
    const items = this.withJobOverlays(rows.map(toJobSummary), query);
    const capped = fts !== null && total > SEARCH_COUNT_CAP;
    return {
      items,
      total: (capped ? SEARCH_COUNT_CAP : total) + (items.length - rows.length),
      totalIsLowerBound: capped,
    };
  }

  /**
   * Board columns: active jobs per status, soonest due first (undated last), at most `perColumn`
   * each; optionally one owner's (null: nobody's) or rush jobs only.
   */
  board(
    perColumn = 100,
    filter: Pick<JobQuery, "ownerId" | "rush"> = {},
  ): Record<JobStatus, { items: JobSummary[]; total: number }> {
    const statuses: JobStatus[] = [
      "not_started",
      "in_progress",
      "quality_check",
      "ready_for_pickup",
    ];
    const result = {} as Record<JobStatus, { items: JobSummary[]; total: number }>;
    const overlayJobs = this.withJobOverlays([], { includeCompleted: true });
    for (const status of [...statuses, "completed" as const]) {
      result[status] = { items: [], total: 0 };
    }
    const params: unknown[] = [];
    const filters = ownerAndRush(filter, params)
      .map((w) => ` and ${w}`)
      .join("");
    for (const status of statuses) {
      const total = this.db
        .prepare(
          `select count(*) from jobs j where j.status = ? and j.deleted_at is null${filters}`,
        )
        .pluck()
        .get(status, ...params) as number;
      const rows = this.db
        .prepare(
          `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
           where j.status = ? and j.deleted_at is null${filters}
           order by ${orderBy({ sort: "due" })} limit ?`,
        )
        .all(status, ...params, perColumn) as JobSummaryRow[];
      result[status] = { items: rows.map(toJobSummary), total };
    }
    // Apply overlays: a job whose pending status differs moves column.
    const overlays = this.mergedOverlays("job");
    for (const [key, patch] of overlays) {
      let found: JobSummary | undefined;
      for (const status of statuses) {
        const col = result[status];
        const idx = col.items.findIndex((j) => j.jobNumber === key);
        if (idx >= 0) {
          found = col.items[idx];
          col.items.splice(idx, 1);
          col.total -= 1;
        }
      }
      if (!found) {
        const row = this.getJobSummary(key);
        found = row ?? overlayJobs.find((j) => j.jobNumber === key);
      }
      if (!found) continue;
      const merged = applyJobPatch(found, patch);
      if (filter.rush && !merged.rush) continue;
      if (filter.ownerId !== undefined && merged.ownerId !== filter.ownerId) continue;
      if (merged.status !== "completed") {
        const col = result[merged.status];
        col.items.unshift(merged);
        col.total += 1;
      }
    }
    return result;
  }

  /**
   * The "Due" view: active jobs past their date, due today, and due in the next six days (shop
   * days; `today` is the shop's), soonest first, with queued edits applied.
   */
  dueJobs(today: string): { overdue: JobSummary[]; today: JobSummary[]; week: JobSummary[] } {
    const until = new Date(Date.parse(`${today}T00:00:00Z`) + 6 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const overlays = this.mergedOverlays("job");
    const rows = this.db
      .prepare(
        `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
         where j.deleted_at is null and j.status <> 'completed'
           and j.estimated_completion is not null and j.estimated_completion <= ?
         order by ${orderBy({ sort: "due" })} limit 2000`,
      )
      .all(until) as JobSummaryRow[];
    const seen = new Set(rows.map((r) => r.job_number));
    const jobs = rows.map((r) => {
      const patch = overlays.get(r.job_number);
      return patch ? applyJobPatch(toJobSummary(r), patch) : toJobSummary(r);
    });
    // A queued edit can move a job into the window.
    for (const [key, patch] of overlays) {
      if (seen.has(key) || key.startsWith("new:") || patch.estimatedCompletion == null) continue;
      const job = this.getJobSummary(key);
      if (job) jobs.push(applyJobPatch(job, patch));
    }
    const out = {
      overdue: [] as JobSummary[],
      today: [] as JobSummary[],
      week: [] as JobSummary[],
    };
    for (const job of jobs.sort((a, b) =>
      (a.estimatedCompletion ?? "").localeCompare(b.estimatedCompletion ?? ""),
    )) {
      const day = job.estimatedCompletion;
      if (!day || job.status === "completed" || day > until) continue;
      (day < today ? out.overdue : day === today ? out.today : out.week).push(job);
    }
    return out;
  }

  private getJobSummary(jobNumber: string): JobSummary | null {
    const row = this.db
      .prepare(
        `select ${JOB_COLUMNS} from jobs j left join customers c on c.id = j.customer_id
         where j.job_number = ? and j.deleted_at is null`,
      )
      .get(jobNumber) as JobSummaryRow | undefined;
    return row ? toJobSummary(row) : null;
  }

  private customerName(id: number): string {
    const fromMirror = this.db.prepare("select name from customers where id = ?").pluck().get(id) as
      | string
      | undefined;
    return fromMirror ?? "";
  }

  private withJobOverlays(items: JobSummary[], query: JobQuery): JobSummary[] {
    const overlays = this.mergedOverlays("job");
    if (overlays.size === 0) return items;
    const out = items.map((j) => {
      const patch = overlays.get(j.jobNumber);
      return patch ? applyJobPatch(j, patch) : j;
    });
    const q = query.q?.toLowerCase().trim();
    // Queued new jobs head the first page only.
    if ((query.offset ?? 0) > 0) return out;
    for (const [key, patch] of overlays) {
      if (!key.startsWith("new:")) continue;
      const customerId = Number(patch.customerId);
      const job: JobSummary = applyJobPatch(
        {
          id: null,
          jobNumber: key,
          title: "",
          customerId,
          customerName: this.customerName(customerId),
          status: "not_started",
          progress: 0,
          estimatedCompletion: null,
          ownerId: null,
          ownerName: null,
          rush: false,
          updatedAt: String(patch.updatedAt ?? new Date().toISOString()),
          pending: true,
        },
        patch,
      );
      if (q && !`${job.title} ${job.customerName}`.toLowerCase().includes(q)) continue;
      if (query.customerId !== undefined && job.customerId !== query.customerId) continue;
      if (query.rush && !job.rush) continue;
      if (query.ownerId !== undefined && job.ownerId !== query.ownerId) continue;
      out.unshift(job);
    }
    return out;
  }

  getJob(jobNumber: string): JobDetail | null {
    const overlays = this.mergedOverlays("job");
    const patch = overlays.get(jobNumber);
    const row = this.db
      .prepare(
        `select j.id, j.job_number, j.customer_id, j.title, j.description, j.quantity,
          j.special_instructions, j.specifications, j.status, j.progress, j.estimated_completion,
          j.customer_notes, j.shop_notes, j.completed_at, j.version, j.created_at, j.updated_at,
          coalesce(c.name, '') as customer_name
         from jobs j left join customers c on c.id = j.customer_id
         where j.job_number = ? and j.deleted_at is null`,
      )
      .get(jobNumber) as
      | (JobSummaryRow & {
          description: string;
          quantity: number;
          special_instructions: string;
          specifications: string;
          customer_notes: string;
          shop_notes: string;
          completed_at: string | null;
          version: number;
          created_at: string;
        })
      | undefined;
    let detail: JobDetail;
    if (row) {
      detail = {
        ...toJobSummary(row),
        description: row.description,
        quantity: row.quantity,
        specialInstructions: row.special_instructions,
        specifications: JSON.parse(row.specifications) as { name: string; value: string }[],
        customerNotes: row.customer_notes,
        shopNotes: row.shop_notes,
        completedAt: row.completed_at,
        createdAt: row.created_at,
        version: row.version,
        history: [],
        photos: [],
      };
      detail.history = (
        this.db
          .prepare(
            `select h.id, h.status, h.progress, h.notes, h.visible_to_customer, h.created_at,
               h.kind, h.due_from, h.due_to, s.display_name as updated_by
             from job_status_history h left join staff_users s on s.id = h.updated_by
             where h.job_id = ? and h.deleted_at is null order by h.created_at desc, h.id desc`,
          )
          .all(row.id) as {
          id: number;
          status: JobStatus;
          progress: number | null;
          notes: string;
          visible_to_customer: number;
          created_at: string;
          kind: "status" | "due";
          due_from: string | null;
          due_to: string | null;
          updated_by: string | null;
        }[]
      ).map((h) => ({
        id: h.id,
        status: h.status,
        progress: h.progress,
        notes: h.notes,
        visibleToCustomer: h.visible_to_customer === 1,
        kind: h.kind,
        dueFrom: h.due_from,
        dueTo: h.due_to,
        updatedBy: h.updated_by,
        createdAt: h.created_at,
        pending: false,
      }));
      detail.photos = (
        this.db
          .prepare(
            `select id, caption, visible_to_customer, width, height, created_at from job_photos
             where job_id = ? and deleted_at is null order by created_at desc`,
          )
          .all(row.id) as {
          id: number;
          caption: string;
          visible_to_customer: number;
          width: number;
          height: number;
          created_at: string;
        }[]
      ).map((p) => ({
        id: p.id,
        caption: p.caption,
        visibleToCustomer: p.visible_to_customer === 1,
        width: p.width,
        height: p.height,
        createdAt: p.created_at,
      }));
    } else if (patch && jobNumber.startsWith("new:")) {
      const customerId = Number(patch.customerId);
      detail = {
        id: null,
        jobNumber,
        title: "",
        customerId,
        customerName: this.customerName(customerId),
        status: "not_started",
        progress: 0,
        estimatedCompletion: null,
        ownerId: null,
        ownerName: null,
        rush: false,
        updatedAt: new Date().toISOString(),
        pending: true,
        description: "",
        quantity: 1,
        specialInstructions: "",
        specifications: [],
        customerNotes: "",
        shopNotes: "",
        completedAt: null,
        createdAt: new Date().toISOString(),
        version: 0,
        history: [],
        photos: [],
      };
    } else {
      return null;
    }
    if (patch) detail = { ...detail, ...(patch as Partial<JobDetail>), pending: true };
    const pendingHistory = this.overlays("history").filter((o) => o.entityKey === jobNumber);
    for (const o of pendingHistory) {
      detail.history.unshift({
        id: null,
        status: (o.patch.status as JobStatus) ?? detail.status,
        progress: (o.patch.progress as number | undefined) ?? null,
        notes: String(o.patch.note ?? ""),
        visibleToCustomer: Boolean(o.patch.visibleToCustomer),
        kind: "status",
        dueFrom: null,
        dueTo: null,
        updatedBy: null,
        createdAt: String(o.patch.createdAt ?? new Date().toISOString()),
        pending: true,
      });
    }
    return detail;
  }

  listCustomers(q?: string, limit = 500): CustomerSummary[] {
    const like = q?.trim() ? `%${q.trim().replaceAll("%", "")}%` : null;
    const rows = this.db
      .prepare(
        `select c.id, c.name, c.company, c.email, c.phone, c.address, c.portal_enabled,
           c.portal_activated, c.portal_token_kind, c.portal_token_expires_at, c.portal_last_login,
           c.version,
           (select count(*) from jobs j where j.customer_id = c.id and j.deleted_at is null
              and j.status <> 'completed') as active_jobs
         from customers c
         where c.deleted_at is null
           and (? is null or c.name like ? or c.email like ? or coalesce(c.company, '') like ?)
         order by c.name collate nocase, c.id limit ?`,
      )
      .all(like, like, like, like, limit) as {
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
    }[];
    const overlays = this.mergedOverlays("customer");
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

  getCustomer(id: number): CustomerSummary | null {
    return this.listCustomers(undefined, 1_000_000).find((c) => c.id === id) ?? null;
  }

  getCustomerRow(id: number): SyncCustomerRow | null {
    const row = this.db.prepare("select * from customers where id = ?").get(id) as
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

  listStaff(): StaffSummary[] {
    const rows = this.db
      .prepare(
        "select id, username, display_name, email, role, active from staff_users where deleted_at is null order by display_name collate nocase",
      )
      .all() as {
      id: number;
      username: string;
      display_name: string;
      email: string | null;
      role: "admin" | "staff";
      active: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      email: r.email,
      role: r.role,
      active: r.active === 1,
    }));
  }

  shopSettings(): Record<string, unknown> | null {
    const body = this.db.prepare("select body from shop_settings where id = 1").pluck().get() as
      | string
      | undefined;
    return body ? (JSON.parse(body) as Record<string, unknown>) : null;
  }
}

function toJobSummary(row: JobSummaryRow): JobSummary {
  return {
    id: row.id,
    jobNumber: row.job_number,
    title: row.title,
    customerId: row.customer_id,
    customerName: row.customer_name,
    status: row.status,
    progress: row.progress,
    estimatedCompletion: row.estimated_completion,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    rush: row.rush === 1,
    updatedAt: row.updated_at,
    pending: false,
  };
}

/** WHERE terms for the owner and rush filters (their values appended to `params`). */
function ownerAndRush(query: Pick<JobQuery, "ownerId" | "rush">, params: unknown[]): string[] {
  const where: string[] = [];
  if (query.ownerId === null) where.push("j.owner_id is null");
  else if (query.ownerId !== undefined) {
    where.push("j.owner_id = ?");
    params.push(query.ownerId);
  }
  if (query.rush) where.push("j.rush = 1");
  return where;
}

function applyJobPatch(job: JobSummary, patch: Record<string, unknown>): JobSummary {
  const next = { ...job, pending: true };
  if (typeof patch.title === "string") next.title = patch.title;
  if (typeof patch.status === "string") next.status = patch.status as JobStatus;
  if (typeof patch.progress === "number") next.progress = patch.progress;
  if (patch.estimatedCompletion !== undefined) {
    next.estimatedCompletion = patch.estimatedCompletion as string | null;
  }
  if (patch.ownerId !== undefined) next.ownerId = patch.ownerId as number | null;
  if (typeof patch.rush === "boolean") next.rush = patch.rush;
  return next;
}
