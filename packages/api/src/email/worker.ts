/**
 * The email worker: polls the outbox, claims due rows, sends them over SMTP with nodemailer and
 * records the outcome. Without an SMTP URL it sends nothing: messages stay queued (shown by the
 * development mail page) and each new one is logged once with its links.
 */
import type { Db } from "@traveler/db";
import nodemailer from "nodemailer";
import type { Clock } from "../clock.ts";
import {
  type ClaimedMessage,
  claimDueMessages,
  markCancelled,
  markFailed,
  markSent,
  renewLease,
  storeRendered,
} from "./outbox-claim.ts";
import { renderJobUpdate } from "./render-job-update.ts";

/** The subset of a pino logger the worker uses. */
export interface EmailLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EmailWorkerOptions {
  db: Db;
  clock?: Clock;
  /** smtp:// or smtps:// URL; without it nothing is sent. */
  smtpUrl?: string | undefined;
  mailFrom: string;
  logger?: EmailLogger;
  pollMs: number;
  /** Base URL of the portal for links (job pages, unsubscribe). */
  publicUrl: string;
  /** Signs unsubscribe links: `emailSigningKey(config)`. */
  signingKey: string;
  /** Job updates to one customer within this window go out as one email (default 5 min). */
  coalesceWindowMs?: number;
  /** Attempts before a message is `dead` (default 8). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 30 s). */
  retryBaseMs?: number;
  /**
   * How long a claim holds a row before another worker may take it over (default 45 s). The
   * lease is renewed just before each send, and one SMTP exchange is bounded well below it, so a
   * crashed worker's messages are retried by another worker within a minute.
   */
  leaseMs?: number;
  /** Rows claimed at a time (default 3): one crash delays at most these. */
  batchSize?: number;
}

export interface EmailRunResult {
  sent: number;
  failed: number;
  dead: number;
  cancelled: number;
}

export interface EmailWorker {
  /** One round: claim due rows and send them. Resolves when they are all recorded. */
  runOnce(): Promise<EmailRunResult>;
  /** Stops polling, waits for a round in progress, closes the SMTP transport. */
  stop(): Promise<void>;
}

/** Default claim lease (see EmailWorkerOptions.leaseMs). */
export const LEASE_MS = 45_000;
/** Default rows per claim (see EmailWorkerOptions.batchSize). */
export const CLAIM_BATCH = 3;

const silentLogger: EmailLogger = { info() {}, warn() {}, error() {} };

function messageIdDomain(mailFrom: string): string {
  const match = /@([A-Za-z0-9.-]+)/.exec(mailFrom);
  return match?.[1] ?? "traveler.invalid";
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function startEmailWorker(options: EmailWorkerOptions): EmailWorker {
  const db = options.db;
  const clock = options.clock ?? { now: () => new Date() };
  const logger = options.logger ?? silentLogger;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const coalesceWindowMs = options.coalesceWindowMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? CLAIM_BATCH;
  const links = { publicUrl: options.publicUrl, signingKey: options.signingKey, now: clock.now };
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        // Together well under the lease: a hung SMTP server cannot outlive the claim.
        connectionTimeout: 8_000,
        greetingTimeout: 8_000,
        socketTimeout: 20_000,
      })
    : null;
  const domain = messageIdDomain(options.mailFrom);
  let lastLoggedId = 0;

  async function logQueuedWithoutSmtp(): Promise<EmailRunResult> {
    const rows = await db
      .selectFrom("email_outbox")
      .select([
        "id",
        "kind",
        "customer_id",
        "to_address",
        "subject",
        "text_body",
        "job_history_ids",
      ])
      .where("status", "=", "queued")
      .where("id", ">", lastLoggedId)
      .orderBy("id")
      .limit(100)
      .execute();
    for (const row of rows) {
      lastLoggedId = row.id;
      // Job updates are rendered when sent; render one now just for the log.
      const rendered = row.kind === "job_update" ? await renderJobUpdate(db, row, links) : null;
      const subject = rendered?.subject ?? row.subject;
      const text = rendered?.text ?? row.text_body;
      logger.info(
        {
          emailId: row.id,
          kind: row.kind,
          to: row.to_address,
          links: text.match(/https?:\/\/\S+/g) ?? [],
        },
        `Email not sent (SMTP_URL is not set): "${subject}" — see /dev/mail/${row.id}`,
      );
    }
    return { sent: 0, failed: 0, dead: 0, cancelled: 0 };
  }

  async function deliver(message: ClaimedMessage, result: EmailRunResult): Promise<void> {
    // Rows claimed together wait their turn: renew this one's lease now (or let it go if
    // another worker already took it over).
    if (!(await renewLease(db, message, new Date(clock.now().getTime() + leaseMs)))) return;
    let content = {
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
    };
    if (message.kind === "job_update") {
      const rendered = await renderJobUpdate(
        db,
        { customer_id: message.customerId, job_history_ids: message.jobHistoryIds },
        links,
      );
      if (!rendered) {
        await markCancelled(
          db,
          message,
          "Nothing to send: the customer opted out or the update was withdrawn.",
        );
        result.cancelled += 1;
        return;
      }
      content = rendered;
      await storeRendered(db, message, rendered);
    }
    try {
      if (!transport) throw new Error("No SMTP transport");
      const info = await transport.sendMail({
        from: options.mailFrom,
        to: message.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        headers: content.headers,
        messageId: `<traveler-outbox-${message.id}@${domain}>`,
      });
      await markSent(db, message, clock.now(), info.messageId ?? null);
      result.sent += 1;
      logger.info({ emailId: message.id, kind: message.kind }, "Email sent");
    } catch (error) {
      const outcome = await markFailed(db, message, {
        now: clock.now(),
        error: errorText(error),
        maxAttempts,
        retryBaseMs,
      });
      result[outcome] += 1;
      const log = outcome === "dead" ? logger.error : logger.warn;
      log.call(
        logger,
        {
          emailId: message.id,
          kind: message.kind,
          attempts: message.attempts,
          err: errorText(error),
        },
        outcome === "dead" ? "Email gave up after the last attempt" : "Email failed; will retry",
      );
    }
  }

  async function runOnce(): Promise<EmailRunResult> {
    if (!transport) return logQueuedWithoutSmtp();
    const result: EmailRunResult = { sent: 0, failed: 0, dead: 0, cancelled: 0 };
    for (;;) {
      const claimed = await claimDueMessages(db, {
        now: clock.now(),
        leaseMs,
        coalesceWindowMs,
        limit: batchSize,
      });
      for (const message of claimed) await deliver(message, result);
      if (claimed.length < batchSize) return result;
    }
  }

  let stopped = false;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = runOnce()
      .catch((error: unknown) =>
        logger.error({ err: errorText(error) }, "Email worker round failed"),
      )
      .finally(() => {
        running = null;
      });
  }, options.pollMs);
  timer.unref?.();

  return {
    async runOnce() {
      // Never overlap a timer round: wait for it, then run.
      while (running) await running;
      const round = runOnce();
      running = round.catch(() => {});
      try {
        return await round;
      } finally {
        running = null;
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
      transport?.close();
    },
  };
}
