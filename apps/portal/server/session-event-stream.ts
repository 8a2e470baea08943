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

type Actor = NonNullable<Awaited<ReturnType<typeof resolveSession>>>["actor"];

export interface SessionEventStreamOptions {
  services: ApiServices & { changes: ChangeFeed };
  secure: boolean;
  heartbeatMs?: number;
  recheckMs?: number;
}

/**
 * A server-sent event stream of the change feed for one signed-in session (session cookie; the
 * idle deadline is NOT slid: watching is not activity). `allow` says whether the session may
 * listen (else 401 with `refusal`) and returns what this session may see of a change batch:
 * the event's data, or null when the batch is none of its business. The stream ends when the
 * session does (sign-out, idle timeout, password change).
 */
export function sessionEventStream<T>(
  options: SessionEventStreamOptions & {
    refusal: string;
    allow: (actor: Actor) => ((batch: ChangeBatch) => T | null) | null;
  },
): RequestHandler {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  return async (req, res, next) => {
    try {
      const cookie = req.headers.cookie ?? null;
      const token = readCookie(cookie, sessionCookieName(options.secure)) ?? null;
      const session = token
        ? await resolveSession(options.services, token, { touch: false })
        : null;
      const visible = session ? options.allow(session.actor) : null;
      if (!visible) {
        res.status(401).type("text/plain").send(options.refusal);
        return;
      }
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "private, no-store",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      res.write("retry: 3000\n: connected\n\n");
      const unsubscribe = options.services.changes.subscribe((batch) => {
        const data = visible(batch);
        if (data !== null) res.write(`event: change\ndata: ${JSON.stringify(data)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(": ping\n\n"), heartbeatMs);
      // A sign-out in this process is noticed at once; elsewhere (another server, the idle
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
