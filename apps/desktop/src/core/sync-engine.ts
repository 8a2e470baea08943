import type { Unsubscribable } from "@trpc/server/observable";
import { NOT_ANSWERING } from "../shared/sync-words.ts";
import { type ApiClient, isTimeout, type UntypedApiClient } from "./api-client.ts";
import { applyPull, bootstrapLanes, finishBootstrap } from "./cache/apply.ts";
import type { CacheDb } from "./cache/database.ts";
import { buildSearchIndex } from "./cache/search.ts";
import { cursor, getState } from "./cache/sync-state.ts";
import type { Outbox } from "./outbox.ts";
import type { PullPage } from "./sync-rows.ts";

export interface SyncStatus {
  state: "signed-out" | "offline" | "syncing" | "online";
  lastSyncAt: string | null;
  lastError: string | null;
  /**
   * First sign-in: rows received so far of `total` (exact: the bootstrap reads one snapshot).
   */
  bootstrap: {
    rows: number;
    total: number | null;
    phase: "downloading" | "done";
    done: boolean;
  } | null;
  queued: number;
  conflicts: number;
  /** Bumps whenever the cache or the outbox changed: screens refetch on change. */
  dataVersion: number;
  /** Writes are queued but nothing has uploaded for STALL_MS (the watchdog). */
  stalled: boolean;
}

export { NOT_ANSWERING } from "../shared/sync-words.ts";
/** Queued writes with no upload for this long: the watchdog reports a stall. */
export const STALL_MS = 10_000;

export interface SyncEngineOptions {
  db: CacheDb;
  outbox: Outbox;
  /** Files attached in the console, uploaded after the queued writes (core/file-uploads.ts). */
  uploads?: { push(): Promise<"done" | "offline" | "unauthorized">; pendingCount(): number };
  api: ApiClient;
  untyped: UntypedApiClient;
  pageSize?: number;
  /**
   * How many chains of pages a first sign-in pulls at once (the server splits the bootstrap;
   * see its pull). Default 2: the server works on one chain while the console applies another.
   */
  bootstrapLanes?: number;
  /** Backoff bounds when the server is unreachable. */
  minRetryMs?: number;
  maxRetryMs?: number;
  onChange?: (status: SyncStatus) => void;
  onUnauthorized?: () => void;
  /** Watchdog threshold (tests shorten it). */
  stallMs?: number;
}

/**
 * Pulls deltas in pages (each page + cursor in one SQLite transaction), listens to sync.events
 * and pulls again on each event, pushes the outbox, and backs off while the server is away.
 */
export class SyncEngine {
  private status: SyncStatus;
  private subscription: Unsubscribable | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs: number;
  private stopped = true;
  /** When the queue last moved (a write uploaded) or became non-empty. */
  private lastUploadProgress = Date.now();
  private watchdog: ReturnType<typeof setInterval> | null = null;
  /** The change stream has been connected at least once since start. */
  private streamWasUp = false;
  /** The watchdog's last verdict (a change is pushed to the screens). */
  private stalledNow = false;

  constructor(private readonly options: SyncEngineOptions) {
    this.retryMs = options.minRetryMs ?? 500;
    this.status = {
      state: "offline",
      lastSyncAt: getState(options.db, "last_pull_at"),
      lastError: null,
      bootstrap: null,
      queued: options.outbox.pendingCount(),
      conflicts: 0,
      dataVersion: 0,
      stalled: false,
    };
  }

  getStatus(): SyncStatus {
    if (!this.options.db.open) return this.status;
    const entries = this.options.outbox.list();
    const queued = entries.length + (this.options.uploads?.pendingCount() ?? 0);
    const conflicts = entries.filter((e) => e.state !== "pending").length;
    const stalled =
      !this.stopped &&
      queued > conflicts &&
      Date.now() - this.lastUploadProgress > (this.options.stallMs ?? STALL_MS);
    return { ...this.status, queued, conflicts, stalled };
  }

  private update(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    if (this.stopped && patch.state !== "signed-out") return;
    this.options.onChange?.(this.getStatus());
  }

  /** Local data changed (a queued write): screens should refetch. */
  touched(): void {
    if (this.options.outbox.pendingCount() === 1) {
      // The queue just became non-empty: the watchdog's clock starts now.
      this.lastUploadProgress = Date.now();
    }
    this.update({ dataVersion: this.status.dataVersion + 1 });
    this.kick();
  }

  /**
   * Builds the search index a bootstrap left for later, a chunk at a time between other work
   * (searches use LIKE until it is done). Resumes after a restart.
   */
  private indexing = false;
  private indexAfterRounds = false;
  private buildSearchIndex(): void {
    if (this.indexing) return;
    this.indexing = true;
    const step = () => {
      if (this.stopped || !this.options.db.open) {
        this.indexing = false;
        return;
      }
      if (buildSearchIndex(this.options.db)) {
        setImmediate(step);
      } else {
        this.indexing = false;
        this.update({ dataVersion: this.status.dataVersion + 1 });
      }
    };
    setImmediate(step);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.buildSearchIndex();
    this.lastUploadProgress = Date.now();
    this.subscribe();
    // The watchdog: pushes a status change when writes stop moving (or move again).
    this.watchdog = setInterval(() => {
      const stalled = this.getStatus().stalled;
      if (stalled !== this.stalledNow) {
        this.stalledNow = stalled;
        this.update({});
      }
    }, 1_000);
    this.watchdog.unref?.();
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.update({ state: "signed-out" });
  }

  private subscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = this.options.api.sync.events.subscribe(
      { cursor: cursor(this.options.db) },
      {
        onData: () => this.kick(),
        onError: () => {
          // httpSubscriptionLink reconnects by itself for transport errors; an error here is
          // fatal for this subscription (e.g. signed out): retry later.
          this.subscription = null;
          if (!this.stopped)
            setTimeout(() => !this.stopped && !this.subscription && this.subscribe(), 2_000);
        },
        onConnectionStateChange: (state) => {
          if (state.state === "pending") {
            // (Re)connected: catch up on anything missed while away.
            if (this.streamWasUp) this.kick();
            this.streamWasUp = true;
          } else if (state.state === "connecting" && this.streamWasUp) {
            // The stream broke or went silent past the server's ping interval: a hung or lost
            // server. Say so now; the round tells whether it answers again.
            if (this.status.state === "online") {
              this.update({ state: "offline", lastError: NOT_ANSWERING });
            }
            this.kick();
          }
        },
      },
    );
  }

  /** Push the outbox and pull, now; coalesces overlapping requests into one more round. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
        // A finished bootstrap's search index is built once the rounds are done: its chunks
        // hold the thread, and a round waiting behind them (the change stream's first event
        // asks for one) took a second instead of a tenth.
        if (this.indexAfterRounds) {
          this.indexAfterRounds = false;
          this.buildSearchIndex();
        }
      }
    })();
    return this.running;
  }

  /** Resolves once a full round (push + pull to the end of the window) has succeeded. */
  async syncNow(): Promise<void> {
    await this.kick();
    if (this.status.state !== "online") throw new Error(this.status.lastError ?? "offline");
  }

  private async round(): Promise<void> {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    // While the server is away the status keeps saying so; a successful round turns it online.
    if (this.status.state !== "offline") this.update({ state: "syncing" });
    try {
      const before = this.options.outbox.pendingCount();
      const filesBefore = this.options.uploads?.pendingCount() ?? 0;
      let pushed = await this.options.outbox.push(this.options.untyped);
      if (pushed === "done" && this.options.uploads) {
        pushed = await this.options.uploads.push();
        // A reply waiting for its files goes in the same round once they are uploaded.
        if (
          pushed === "done" &&
          this.options.uploads.pendingCount() !== filesBefore &&
          this.options.outbox.pendingCount() > 0
        ) {
          pushed = await this.options.outbox.push(this.options.untyped);
        }
      }
      if (this.stopped) return;
      if (
        this.options.outbox.pendingCount() !== before ||
        (this.options.uploads?.pendingCount() ?? 0) !== filesBefore
      ) {
        this.lastUploadProgress = Date.now();
        this.update({ dataVersion: this.status.dataVersion + 1 });
      }
      if (pushed === "unauthorized") {
        this.update({ state: "signed-out", lastError: "Please sign in again." });
        this.options.onUnauthorized?.();
        return;
      }
      if (pushed === "offline") {
        const last = this.options.outbox.list().find((e) => e.state === "pending")?.lastError;
        throw new Error(last ?? "The server did not answer the upload.");
      }
      await this.pullAll();
      if (this.stopped) return; // stopped midway: it stays signed out
      this.retryMs = this.options.minRetryMs ?? 500;
      this.update({ state: "online", lastError: null });
    } catch (error) {
      if (this.stopped) return;
      const message =
        isTimeout(error) || /due to timeout/i.test(String((error as Error)?.message))
          ? NOT_ANSWERING
          : error instanceof Error
            ? error.message
            : String(error);
      const code = (error as { data?: { code?: string } }).data?.code;
      if (code === "UNAUTHORIZED") {
        this.update({ state: "signed-out", lastError: "Please sign in again." });
        this.options.onUnauthorized?.();
        return;
      }
      this.update({ state: "offline", lastError: message });
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 15_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.kick();
    }, delay);
  }

  private async pullAll(): Promise<void> {
    const { db } = this.options;
    // A bootstrap interrupted by a restart resumes from its page cursors, still as a bootstrap.
    const bootstrapping = cursor(db) === null || getState(db, "bootstrapping") === "1";
    let received = 0;
    let total: number | null = null;
    if (bootstrapping) {
      this.update({ bootstrap: { rows: 0, total: null, phase: "downloading", done: false } });
    }
    const applied = (page: PullPage, at: string, last: boolean) => {
      received += page.count;
      total ??= page.total ?? null;
      this.update({
        lastSyncAt: at,
        dataVersion: this.status.dataVersion + (page.count > 0 ? 1 : 0),
        ...(bootstrapping
          ? {
              bootstrap: {
                rows: received,
                total,
                phase: last ? "done" : "downloading",
                done: last,
              },
            }
          : {}),
      });
    };
    // The bootstrap's other chains (lanes), each applying its own pages; a failed one stops the
    // rest, and the round fails once all have stopped (the next resumes every chain).
    let failed: unknown = null;
    const lanes: Promise<void>[] = [];
    const startLane = (index: number, from: string) => {
      lanes.push(
        this.pullChain(
          from,
          false,
          () => failed !== null,
          (page) => {
            const at = new Date().toISOString();
            applyPull(db, page, at, { bootstrap: true, lane: index });
            applied(page, at, false);
          },
        ).catch((error: unknown) => {
          failed ??= error;
        }),
      );
    };
    if (bootstrapping) {
      bootstrapLanes(db).forEach((from, index) => {
        if (from) startLane(index, from);
      });
    }
    const askLanes = cursor(db) === null ? (this.options.bootstrapLanes ?? 2) : 1;
    try {
      await this.pullChain(
        cursor(db),
        askLanes > 1 ? askLanes : false,
        () => failed !== null,
        (page) => {
          const at = new Date().toISOString();
          applyPull(db, page, at, {
            bootstrap: bootstrapping,
            ...(page.lanes ? { lanes: page.lanes } : {}),
          });
          page.lanes?.forEach((from, index) => {
            startLane(index, from);
          });
          applied(page, at, !page.hasMore);
        },
        // The chain's last page moves the cursor past the whole window: the other chains first.
        () => Promise.all(lanes).then(() => undefined),
      );
    } catch (error) {
      failed ??= error;
    }
    await Promise.all(lanes);
    if (failed !== null) throw failed;
    if (this.stopped) return;
    if (bootstrapping) {
      finishBootstrap(db);
      this.update({ bootstrap: { rows: received, total, phase: "done", done: true } });
      this.indexAfterRounds = true;
    }
  }

  /**
   * Pulls one chain of pages from `from` to its end, applying each. The next page is fetched
   * while the current one is applied (its cursor is already known), so the server works on it
   * meanwhile. The apply holds the event loop, and nothing reaches the socket while it does: the
   * request must leave first. The batch link sends from a timer; fetch then needs one more turn
   * of the loop's I/O phase to write it. A timer alone was not enough: every request reached the
   * server only after the apply (at 100,000 jobs: first sign-in 10.2 s, 8.7 s with the request
   * out first). sync-engine.test.ts holds the apply until the next request has arrived.
   */
  private async pullChain(
    from: string | null,
    lanes: number | false,
    cancelled: () => boolean,
    apply: (page: PullPage) => void,
    beforeLast?: () => Promise<void>,
  ): Promise<void> {
    const fetchPage = (at: string | null, withLanes: number | false) => {
      const request = this.options.api.sync.pull.query({
        cursor: at,
        limit: this.options.pageSize ?? 10_000,
        ...(withLanes ? { lanes: withLanes } : {}),
      });
      request.catch(() => {}); // a prefetch nobody awaits must not become an unhandled rejection
      return request;
    };
    let next = fetchPage(from, lanes);
    for (;;) {
      const page = await next;
      if (page.hasMore) {
        next = fetchPage(page.cursor, false);
        await new Promise((r) => setTimeout(r, 1));
        await new Promise((r) => setImmediate(r));
      } else if (beforeLast) {
        await beforeLast();
      }
      if (this.stopped || cancelled()) return;
      apply(page);
      if (!page.hasMore) return;
    }
  }
}
