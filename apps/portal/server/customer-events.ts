import type { ApiServices, ChangeBatch, ChangeFeed } from "@traveler/api/server";
import {
  onSessionsEnded,
  readCookie,
  resolveSession,
  sessionCookieName,
} from "@traveler/api/server";
import type { RequestHandler } from "express";

/** Other servers' sign-outs and idle deadlines end a stream within this long. */
export const RECHECK_MS = 5_000;

/** Which of a change batch's jobs belong to this customer (or their own row / shop settings). */
export function changesFor(batch: ChangeBatch, customerId: number): string[] | null {
  const jobs = batch.jobs.filter((j) => j.customerId === customerId).map((j) => j.jobNumber);
  const own = batch.customers.includes(customerId);
  const shop = batch.tables.includes("shop_settings");
  return jobs.length > 0 || own || shop ? jobs : null;
}

/**
 * GET /customer/events: server-sent events for the signed-in customer (session cookie; the
 * idle deadline is NOT slid: watching is not activity). Each event names only that customer's
 * changed job numbers; the page then reloads its data through its own loaders.
 */
export function customerEvents(options: {
  services: ApiServices & { changes: ChangeFeed };
  secure: boolean;
  heartbeatMs?: number;
  recheckMs?: number;
}): RequestHandler {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  return async (req, res, next) => {
    try {
      const cookie = req.headers.cookie ?? null;
      const token = readCookie(cookie, sessionCookieName(options.secure)) ?? null;
      const session = token
        ? await resolveSession(options.services, token, { touch: false })
        : null;
      if (session?.actor.type !== "customer") {
        res.status(401).type("text/plain").send("Please sign in as a customer.");
        return;
      }
      const customerId = session.actor.customerId;
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "private, no-store",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      res.write("retry: 3000\n: connected\n\n");
      const unsubscribe = options.services.changes.subscribe((batch) => {
        const jobs = changesFor(batch, customerId);
        if (jobs) res.write(`event: change\ndata: ${JSON.stringify({ jobs })}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(": ping\n\n"), heartbeatMs);
      // The session may end (sign-out, idle timeout, password change): stop streaming then. A
      // sign-out in this process is noticed at once; elsewhere (another server, the idle
      // deadline) within RECHECK_MS.
      const check = async () => {
        const still = await resolveSession(options.services, token!, { touch: false }).catch(
          () => undefined,
        );
        if (still === null) res.end();
      };
      const stopWatching = onSessionsEnded(() => void check());
      const recheck = setInterval(() => void check(), options.recheckMs ?? RECHECK_MS);
      req.on("close", () => {
        unsubscribe();
        stopWatching();
        clearInterval(heartbeat);
        clearInterval(recheck);
      });
    } catch (error) {
      next(error);
    }
  };
}
