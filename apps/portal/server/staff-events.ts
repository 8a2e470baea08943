import type { ChangeBatch } from "@traveler/api/server";
import type { RequestHandler } from "express";
import { type SessionEventStreamOptions, sessionEventStream } from "./session-event-stream.ts";

/** What a staff page needs to know of a change batch: which jobs and which tables changed. */
export function staffChanges(batch: ChangeBatch): { jobs: string[]; tables: string[] } {
  return { jobs: batch.jobs.map((j) => j.jobNumber), tables: [...batch.tables] };
}

/**
 * GET /admin/events: server-sent events for a signed-in staff session (staff see every job).
 * Each event carries only the changed job numbers and table names; the page then fetches itself
 * again (app/modules/live.ts). Customers and visitors get 401.
 */
export function staffEvents(options: SessionEventStreamOptions): RequestHandler {
  return sessionEventStream({
    ...options,
    refusal: "Please sign in as shop staff.",
    allow: (actor) => (actor.type === "staff" ? staffChanges : null),
  });
}
