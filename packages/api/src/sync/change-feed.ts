import type { Db } from "@traveler/db";
import { type ChangeBatch, pullChangeSummary } from "./change-summary.ts";
import { encodeCursor } from "./cursor.ts";
import { currentSnapshot } from "./pull.ts";

export type { ChangeBatch } from "./change-summary.ts";

export type ChangeListener = (batch: ChangeBatch) => void;

/**
 * One per server process (ARCHITECTURE §4). Wake-ups (NOTIFY, a local commit, a timer) trigger a
 * snapshot pull; each non-empty window is delivered once to every subscriber. A commit is visible
 * to the snapshot taken after its wake-up, however long other transactions stay open. Wake-ups
 * carry no data, so a lost one only delays delivery until the next wake-up or timer tick.
 */
export interface ChangeFeed {
  readonly mode: "listen" | "embedded";
  /** Starts delivering changes committed after this call. Idempotent. */
  start(): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  /** Call after a local commit (embedded mode needs it; harmless in listen mode). */
  notifyLocalCommit(): void;
  /** The feed's current cursor (changes below it have been delivered), null before start. */
  currentCursor(): string | null;
  /** Pulls now (tests, shutdown); resolves after delivery. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The subset of a pg pool/client the LISTEN connection needs (no `pg` import in the API). */
export interface ListenPool {
  connect(): Promise<ListenClient>;
}
export interface ListenClient {
  query(text: string): Promise<unknown>;
  on(event: "notification", listener: (message: { channel: string }) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  removeAllListeners(event?: string): unknown;
  release(error?: Error | boolean): void;
}

export interface ChangeFeedOptions {
  db: Db;
  /**
   * "listen": LISTEN traveler_changes on one dedicated connection taken from `pool`
   * (a real PostgreSQL server). "embedded": PGlite, where NOTIFY does not cross connections:
   * wake-ups come from `notifyLocalCommit()` and the timer.
   */
  mode: "listen" | "embedded";
  pool?: ListenPool;
  /** Debounce after a wake-up (default 50 ms). */
  debounceMs?: number;
  /** Safety-net pull interval (default 2 s listen, 1 s embedded). */
  pollIntervalMs?: number;
  /** Delay before re-opening a lost LISTEN connection (default 1 s). */
  reconnectMs?: number;
  onError?: (error: unknown) => void;
}

export const CHANGE_CHANNEL = "traveler_changes";

export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  if (options.mode === "listen" && !options.pool) {
    throw new Error("createChangeFeed: listen mode needs a pool for its LISTEN connection");
  }
  const debounceMs = options.debounceMs ?? 50;
  const pollMs = options.pollIntervalMs ?? (options.mode === "listen" ? 2_000 : 1_000);
  const reconnectMs = options.reconnectMs ?? 1_000;
  const onError = options.onError ?? (() => {});

  const listeners = new Set<ChangeListener>();
  let since: string | null = null;
  let started: Promise<void> | null = null;
  let closed = false;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  let reconnect: ReturnType<typeof setTimeout> | null = null;
  let client: ListenClient | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  async function pullOnce(): Promise<void> {
    if (since === null || closed) return;
    const { snapshot, batch } = await pullChangeSummary(options.db, since);
    since = snapshot;
    if (!batch) return;
    for (const listener of [...listeners]) {
      try {
        listener(batch);
      } catch (error) {
        onError(error);
      }
    }
  }

  /** Serialises pulls: a wake-up during a pull schedules exactly one more. */
  function runPull(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pullOnce();
        } while (again && !closed);
      } catch (error) {
        onError(error);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function wake(): void {
    if (closed || since === null) return;
    if (debounce) return;
    debounce = setTimeout(() => {
      debounce = null;
      void runPull();
    }, debounceMs);
  }

  async function listen(): Promise<void> {
    if (closed || !options.pool) return;
    try {
      const c = await options.pool.connect();
      if (closed) {
        c.release();
        return;
      }
      const lost = (error?: Error) => {
        if (client !== c) return;
        client = null;
        c.removeAllListeners("notification");
        c.removeAllListeners("end");
        try {
          c.release(error ?? true);
        } catch {}
        if (error) onError(error);
        scheduleReconnect();
      };
      c.on("notification", (message) => {
        if (message.channel === CHANGE_CHANNEL) wake();
      });
      c.on("error", (error) => lost(error));
      c.on("end", () => lost());
      client = c;
      await c.query(`listen ${CHANGE_CHANNEL}`);
      // Anything committed while we were not listening is picked up by this pull.
      wake();
    } catch (error) {
      onError(error);
      scheduleReconnect();
    }
  }

  function scheduleReconnect(): void {
    if (closed || reconnect) return;
    reconnect = setTimeout(() => {
      reconnect = null;
      void listen();
    }, reconnectMs);
  }

  return {
    mode: options.mode,
    start() {
      started ??= (async () => {
        since = await currentSnapshot(options.db);
        if (options.mode === "listen") await listen();
        poll = setInterval(() => void runPull(), pollMs);
        poll.unref?.();
      })();
      return started;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    notifyLocalCommit: wake,
    currentCursor: () => (since === null ? null : encodeCursor({ since })),
    async flush() {
      await runPull();
      if (again) await runPull();
    },
    async close() {
      closed = true;
      if (debounce) clearTimeout(debounce);
      if (poll) clearInterval(poll);
      if (reconnect) clearTimeout(reconnect);
      listeners.clear();
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners("notification");
        c.removeAllListeners("end");
        try {
          await c.query(`unlisten ${CHANGE_CHANNEL}`);
        } catch {}
        c.release();
      }
      await running;
    },
  };
}
