/** Queues invitation and reset emails in the caller's transaction (rendered right away). */
import type { Db } from "@traveler/db";
import { loadShopSettings, shopContact } from "../shop-settings.ts";
import {
  type AccountLinkMessageInput,
  renderInviteMessage,
  renderResetMessage,
} from "./account-messages.ts";
import type { RenderedMessage } from "./rendered-message.ts";

export interface InviteEmail {
  customerId: number;
  to: string;
  customerName: string;
  /** Absolute link that carries the one-time token. */
  link: string;
  expiresAt: Date;
}

export interface ResetEmail extends InviteEmail {}

export interface QueueOptions {
  /** "Now" for the expiry wording (tests pass their clock's time). */
  now?: Date;
}

async function queueAccountEmail(
  trx: Db,
  kind: "invite" | "reset",
  email: InviteEmail,
  render: (input: AccountLinkMessageInput) => RenderedMessage,
  options: QueueOptions,
): Promise<void> {
  const shop = shopContact(await loadShopSettings(trx));
  const message = render({
    customerName: email.customerName,
    link: email.link,
    expiresAt: email.expiresAt,
    now: options.now ?? new Date(),
    shop,
  });
  await trx
    .insertInto("email_outbox")
    .values({
      kind,
      customer_id: email.customerId,
      to_address: email.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      headers: JSON.stringify(message.headers),
    })
    .execute();
}

/** Queues the portal invitation. Call inside the transaction that stores the invite token. */
export async function queueInviteEmail(
  trx: Db,
  email: InviteEmail,
  options: QueueOptions = {},
): Promise<void> {
  await queueAccountEmail(trx, "invite", email, renderInviteMessage, options);
}

/** Queues a password reset link. Call inside the transaction that stores the reset token. */
export async function queueResetEmail(
  trx: Db,
  email: ResetEmail,
  options: QueueOptions = {},
): Promise<void> {
  await queueAccountEmail(trx, "reset", email, renderResetMessage, options);
}
