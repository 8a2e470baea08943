/**
 * "A proof is waiting for your approval": queued in the transaction that sends the proof,
 * rendered right away (like account emails). Only customer-safe facts go in: the job number and
 * title, the version, the shop's message and the link to the proof page; never file names.
 *
 * Preferences: 'none' gets nothing; 'all' and 'milestones' get it (a proof needs the customer's
 * answer before work can go on, so it counts as a milestone). A disabled portal gets nothing.
 */
import type { Db } from "@traveler/db";
import {
  buttonLink,
  emailDocument,
  escapeHtml,
  escapeMultiline,
  link,
  mutedParagraph,
  paragraph,
  shopFooterText,
} from "../email/layout.ts";
import type { RenderedMessage } from "../email/rendered-message.ts";
import { loadShopSettings, type ShopContact, shopContact } from "../shop-settings.ts";

export interface ProofEmail {
  customerId: number;
  jobId: number;
  version: number;
  message: string;
  publicUrl: string;
}

/** The customer's proof page for a job. */
export function proofPageUrl(publicUrl: string, jobNumber: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/customer/job/${encodeURIComponent(jobNumber)}/proof`;
}

export function renderProofMessage(input: {
  customerName: string;
  jobNumber: string;
  title: string;
  version: number;
  message: string;
  link: string;
  shop: ShopContact;
}): RenderedMessage {
  const { shop } = input;
  const subject = `Proof ${input.version} for ${input.jobNumber} is waiting for your approval`;
  const text = [
    `Hello ${input.customerName},`,
    "",
    `${shop.name} sent you version ${input.version} of the proof for ${input.jobNumber} (${input.title}).`,
    ...(input.message ? ["", input.message] : []),
    "",
    "Please look at it and approve it, or tell us what to change:",
    input.link,
    "",
    "We start production only after your approval.",
    "",
    shopFooterText(shop),
  ].join("\n");
  const html = emailDocument({
    title: "A proof is waiting for your approval",
    shop,
    body: [
      paragraph(`Hello ${escapeHtml(input.customerName)},`),
      paragraph(
        `${escapeHtml(shop.name)} sent you version ${input.version} of the proof for <strong>${escapeHtml(input.jobNumber)}</strong> (${escapeHtml(input.title)}).`,
      ),
      ...(input.message ? [paragraph(escapeMultiline(input.message))] : []),
      paragraph(buttonLink(input.link, "Review the proof")),
      mutedParagraph("We start production only after your approval."),
      mutedParagraph(
        `If the button does not work, open this address: ${link(input.link, input.link)}`,
      ),
    ].join("\n"),
  });
  return { subject, text, html, headers: {} };
}

export async function queueProofEmail(trx: Db, email: ProofEmail): Promise<void> {
  const row = await trx
    .selectFrom("jobs as j")
    .innerJoin("customers as c", "c.id", "j.customer_id")
    .select(["c.name", "c.email", "c.notify_preference", "j.job_number", "j.title"])
    .where("j.id", "=", email.jobId)
    .where("c.id", "=", email.customerId)
    .where("c.deleted_at", "is", null)
    .where("c.portal_enabled", "=", true)
    .executeTakeFirst();
  if (!row || row.notify_preference === "none") return;
  const shop = shopContact(await loadShopSettings(trx));
  const message = renderProofMessage({
    customerName: row.name,
    jobNumber: row.job_number,
    title: row.title,
    version: email.version,
    message: email.message,
    link: proofPageUrl(email.publicUrl, row.job_number),
    shop,
  });
  await trx
    .insertInto("email_outbox")
    .values({
      kind: "proof",
      customer_id: email.customerId,
      to_address: row.email,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      headers: JSON.stringify(message.headers),
    })
    .execute();
}
