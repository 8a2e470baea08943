/**
 * Email side of the API (issue 6). Every email is a row in `email_outbox`, written in the SAME
 * transaction as the change that causes it; a worker sends them later.
 *
 * TEMPORARY minimal bodies: the email work replaces these with full templates (plain text +
 * accessible HTML, shop contact, List-Unsubscribe headers, preferences and coalescing) while
 * keeping these function signatures.
 */
import type { Db } from "@traveler/db";

export interface ShopContact {
  name: string;
  phone: string;
  email: string;
  address: string;
}

export interface InviteEmail {
  customerId: number;
  to: string;
  customerName: string;
  /** Absolute link that carries the one-time token. */
  link: string;
  expiresAt: Date;
}

export interface ResetEmail extends InviteEmail {}

export interface JobUpdateEmail {
  customerId: number;
  jobId: number;
}

async function insert(
  trx: Db,
  row: { kind: string; customerId: number; to: string; subject: string; text: string },
): Promise<void> {
  await trx
    .insertInto("email_outbox")
    .values({
      kind: row.kind,
      customer_id: row.customerId,
      to_address: row.to,
      subject: row.subject,
      text_body: row.text,
      html_body: `<pre>${row.text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`,
    })
    .execute();
}

/** Queues the portal invitation. Call inside the transaction that stores the invite token. */
export async function queueInviteEmail(trx: Db, email: InviteEmail): Promise<void> {
  await insert(trx, {
    kind: "invite",
    customerId: email.customerId,
    to: email.to,
    subject: "Your customer portal invitation",
    text: `Hello ${email.customerName},\n\nSet your password: ${email.link}\nThe link expires ${email.expiresAt.toISOString()}.`,
  });
}

/** Queues a password reset link. Call inside the transaction that stores the reset token. */
export async function queueResetEmail(trx: Db, email: ResetEmail): Promise<void> {
  await insert(trx, {
    kind: "reset",
    customerId: email.customerId,
    to: email.to,
    subject: "Reset your password",
    text: `Hello ${email.customerName},\n\nReset your password: ${email.link}\nThe link expires ${email.expiresAt.toISOString()}.`,
  });
}

/**
 * Called in the transaction of every customer-visible status change. Decides by the customer's
 * preference whether to email and coalesces updates within a few minutes (full version: issue 6).
 */
export async function queueJobUpdateEmail(_trx: Db, _update: JobUpdateEmail): Promise<void> {}
