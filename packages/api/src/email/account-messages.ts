/** The portal invitation and the password reset: one link, its expiry in words and as a date. */

import type { ShopContact } from "../shop-settings.ts";
import { expiryInWords } from "./format-time.ts";
import {
  buttonLink,
  emailDocument,
  escapeHtml,
  link,
  mutedParagraph,
  paragraph,
  shopFooterText,
} from "./layout.ts";
import type { RenderedMessage } from "./rendered-message.ts";

export interface AccountLinkMessageInput {
  customerName: string;
  link: string;
  expiresAt: Date;
  now: Date;
  shop: ShopContact;
}

export function renderInviteMessage(input: AccountLinkMessageInput): RenderedMessage {
  const { shop } = input;
  const expiry = expiryInWords(input.now, input.expiresAt, input.shop.timeZone);
  const subject = `Your ${shop.name} customer portal invitation`;
  const text = [
    `Hello ${input.customerName},`,
    "",
    `${shop.name} has invited you to the customer portal, where you can follow your jobs: status, progress, photos and the estimated completion date.`,
    "",
    "Choose your password here to get started:",
    input.link,
    "",
    `This link works once and expires ${expiry}. If it has expired, ask us for a new invitation.`,
    "",
    "If you were not expecting this email, you can ignore it.",
    "",
    shopFooterText(shop),
  ].join("\n");
  const html = emailDocument({
    title: "You're invited to the customer portal",
    shop,
    body: [
      paragraph(`Hello ${escapeHtml(input.customerName)},`),
      paragraph(
        `${escapeHtml(shop.name)} has invited you to the customer portal, where you can follow your jobs: status, progress, photos and the estimated completion date.`,
      ),
      paragraph(buttonLink(input.link, "Set your password")),
      paragraph(`This link works once and expires <strong>${escapeHtml(expiry)}</strong>.`),
      mutedParagraph(
        `If the button does not work, open this address: ${link(input.link, input.link)}`,
      ),
      mutedParagraph("If you were not expecting this email, you can ignore it."),
    ].join("\n"),
  });
  return { subject, text, html, headers: {} };
}

export function renderResetMessage(input: AccountLinkMessageInput): RenderedMessage {
  const { shop } = input;
  const expiry = expiryInWords(input.now, input.expiresAt, input.shop.timeZone);
  const subject = `Reset your ${shop.name} portal password`;
  const text = [
    `Hello ${input.customerName},`,
    "",
    "Someone asked to reset the password of your customer portal account. To choose a new password, open:",
    input.link,
    "",
    `This link works once and expires ${expiry}.`,
    "",
    "If you did not ask for this, ignore this email: your password stays as it is.",
    "",
    shopFooterText(shop),
  ].join("\n");
  const html = emailDocument({
    title: "Reset your password",
    shop,
    body: [
      paragraph(`Hello ${escapeHtml(input.customerName)},`),
      paragraph(
        "Someone asked to reset the password of your customer portal account. To choose a new password, use the button below.",
      ),
      paragraph(buttonLink(input.link, "Choose a new password")),
      paragraph(`This link works once and expires <strong>${escapeHtml(expiry)}</strong>.`),
      mutedParagraph(
        `If the button does not work, open this address: ${link(input.link, input.link)}`,
      ),
      mutedParagraph(
        "If you did not ask for this, ignore this email: your password stays as it is.",
      ),
    ].join("\n"),
  });
  return { subject, text, html, headers: {} };
}
