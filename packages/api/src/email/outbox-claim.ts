/**
 * Claiming and finishing outbox rows. A claim is one statement: pick due rows with
 * `FOR UPDATE SKIP LOCKED` and mark them `sending` with a lease, so several workers (several
 * server instances) never take the same row, and a crashed worker's rows come back once the
 * lease has passed. Finishing checks the attempt number, so a worker whose lease ran out cannot
 * overwrite the outcome of the worker that took the row over.
 */
import type { Db } from "@traveler/db";
import { sql } from "kysely";

export interface ClaimedMessage {
  id: number;
  kind: string;
  customerId: number | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attempts: number;
  jobHistoryIds: string[];
}

export interface ClaimOptions {
  now: Date;
  leaseMs: number;
  /** Job-update rows wait this long after they were first queued, collecting later updates. */
  coalesceWindowMs: number;
  limit: number;
}

export async function claimDueMessages(db: Db, options: ClaimOptions): Promise<ClaimedMessage[]> {
  const now = options.now;
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const windowStart = new Date(now.getTime() - options.coalesceWindowMs);
  const result = await sql<{
    id: number;
    kind: string;
    customer_id: number | null;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string;
    headers: Record<string, string>;
    attempts: number;
    job_history_ids: string[];
  }>`
    update email_outbox
       set status = 'sending', attempts = attempts + 1, locked_until = ${leaseUntil},
           updated_at = now()
     where id in (
       select id from email_outbox
        where (status in ('queued', 'failed') and next_attempt_at <= ${now}
               and (coalesce_key is null or status <> 'queued' or created_at <= ${windowStart}))
           or (status = 'sending' and locked_until < ${now})
        order by next_attempt_at, id
        limit ${options.limit}
        for update skip locked)
     returning id, kind, customer_id, to_address, subject, text_body, html_body, headers, attempts,
               job_history_ids`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    customerId: r.customer_id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    headers: r.headers,
    attempts: r.attempts,
    jobHistoryIds: r.job_history_ids,
  }));
}

/**
 * Extends the claim on one row just before it is sent, so only the row in hand needs a lease
 * long enough for one SMTP exchange (a crashed worker's other rows come back quickly). False
 * when the row is no longer this worker's (its lease ran out and another worker took it over).
 */
export async function renewLease(db: Db, message: ClaimedMessage, until: Date): Promise<boolean> {
  const result = await db
    .updateTable("email_outbox")
    .set({ locked_until: until })
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .where("attempts", "=", message.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores what is about to be sent (job updates are rendered at claim time). */
export async function storeRendered(
  db: Db,
  message: ClaimedMessage,
  rendered: { subject: string; text: string; html: string; headers: Record<string, string> },
): Promise<void> {
  await db
    .updateTable("email_outbox")
    .set({
      subject: rendered.subject,
      text_body: rendered.text,
      html_body: rendered.html,
      headers: JSON.stringify(rendered.headers),
    })
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .where("attempts", "=", message.attempts)
    .execute();
}

export async function markSent(
  db: Db,
  message: ClaimedMessage,
  at: Date,
  messageId: string | null,
): Promise<void> {
  await db
    .updateTable("email_outbox")
    .set({
      status: "sent",
      sent_at: at,
      message_id: messageId,
      locked_until: null,
      last_error: null,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .where("attempts", "=", message.attempts)
    .execute();
}

export async function markCancelled(
  db: Db,
  message: ClaimedMessage,
  reason: string,
): Promise<void> {
  await db
    .updateTable("email_outbox")
    .set({
      status: "cancelled",
      locked_until: null,
      last_error: reason,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .where("attempts", "=", message.attempts)
    .execute();
}

/** Exponential backoff: base, 2×base, 4×base, ... capped at six hours. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
}

/** A failed attempt: retried later with backoff, or `dead` after the last allowed attempt. */
export async function markFailed(
  db: Db,
  message: ClaimedMessage,
  options: { now: Date; error: string; maxAttempts: number; retryBaseMs: number },
): Promise<"failed" | "dead"> {
  const dead = message.attempts >= options.maxAttempts;
  await db
    .updateTable("email_outbox")
    .set({
      status: dead ? "dead" : "failed",
      last_error: options.error.slice(0, 2000),
      locked_until: null,
      next_attempt_at: new Date(
        options.now.getTime() + (dead ? 0 : retryDelayMs(message.attempts, options.retryBaseMs)),
      ),
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .where("attempts", "=", message.attempts)
    .execute();
  return dead ? "dead" : "failed";
}
