import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";
import type { ChangeBatch } from "../sync/change-feed.ts";
import { pullChangeSummary } from "../sync/change-summary.ts";
import { encodeCursor, InvalidCursorError, MAX_CURSOR_LENGTH } from "../sync/cursor.ts";
import { currentSnapshot, MAX_LANES, MAX_PULL_LIMIT, pull } from "../sync/pull.ts";
import { router, staffProcedure } from "../trpc.ts";

const cursorInput = z.string().min(1).max(MAX_CURSOR_LENGTH);

/** Without a change feed in the context (plain callers), sync.events polls at this interval. */
const FALLBACK_POLL_MS = 2_000;

export interface SyncEvent {
  /** The server's cursor when the event was sent; clients pull from their own cursor. */
  cursor: string;
  tables: string[];
  jobs: number;
}

export const syncRouter = router({
  /** One page of changes after `cursor` (null = bootstrap). ARCHITECTURE §4. */
  pull: staffProcedure
    .input(
      z.object({
        cursor: cursorInput.nullable(),
        limit: z.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
        /** A bootstrap may come as this many chains of pages (see pull). */
        lanes: z.number().int().min(1).max(MAX_LANES).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      try {
        return await pull(ctx.db, input.cursor, input.limit, { lanes: input.lanes });
      } catch (error) {
        if (error instanceof InvalidCursorError) {
          throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
        }
        throw error;
      }
    }),

  /**
   * "Something changed, pull." Tracked events whose id is the server's cursor, so an SSE
   * reconnect resumes with lastEventId. One event is sent on connect (the client may have missed
   * changes while away); duplicates are harmless because pulling is idempotent.
   */
  events: staffProcedure
    .input(
      z
        .object({
          lastEventId: cursorInput.nullish(),
          cursor: cursorInput.nullish(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, signal }) {
      const queue: ChangeBatch[] = [];
      let wakeUp: (() => void) | null = null;
      const push = (batch: ChangeBatch) => {
        queue.push(batch);
        wakeUp?.();
      };
      const feed = ctx.changes;
      let stop: () => void;
      if (feed) {
        await feed.start();
        stop = feed.subscribe(push);
      } else {
        let since = await currentSnapshot(ctx.db);
        const timer = setInterval(() => {
          pullChangeSummary(ctx.db, since).then(
            ({ snapshot, batch }) => {
              since = snapshot;
              if (batch) push(batch);
            },
            () => {},
          );
        }, FALLBACK_POLL_MS);
        stop = () => clearInterval(timer);
      }
      const onAbort = () => wakeUp?.();
      signal?.addEventListener("abort", onAbort);
      try {
        const now = feed?.currentCursor() ?? encodeCursor({ since: await currentSnapshot(ctx.db) });
        yield tracked(now, { cursor: now, tables: [], jobs: 0 } satisfies SyncEvent);
        while (!signal?.aborted) {
          const batch = queue.shift();
          if (!batch) {
            await new Promise<void>((resolve) => {
              wakeUp = resolve;
            });
            wakeUp = null;
            continue;
          }
          yield tracked(batch.cursor, {
            cursor: batch.cursor,
            tables: batch.tables,
            jobs: batch.jobs.length,
          } satisfies SyncEvent);
        }
      } finally {
        signal?.removeEventListener("abort", onAbort);
        stop();
      }
    }),
});
