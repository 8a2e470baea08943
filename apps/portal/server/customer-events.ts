import type { ChangeBatch } from "@traveler/api/server";
import type { RequestHandler } from "express";
import { type SessionEventStreamOptions, sessionEventStream } from "./session-event-stream.ts";

/** Which of a change batch's jobs belong to this customer (or their own row / shop settings). */
export function changesFor(batch: ChangeBatch, customerId: number): string[] | null {
  const jobs = batch.jobs.filter((j) => j.customerId === customerId).map((j) => j.jobNumber);
  const own = batch.customers.includes(customerId);
  const shop = batch.tables.includes("shop_settings");
  return jobs.length > 0 || own || shop ? jobs : null;
}

/**
 * GET /customer/events: server-sent events for the signed-in customer. Each event names only
 * that customer's changed job numbers; the page then reloads its data through its own loaders.
 */
export function customerEvents(options: SessionEventStreamOptions): RequestHandler {
  return sessionEventStream({
    ...options,
    refusal: "Please sign in as a customer.",
    allow: (actor) =>
      actor.type === "customer"
        ? (batch) => {
            const jobs = changesFor(batch, actor.customerId);
            return jobs ? { jobs } : null;
          }
        : null,
  });
}
