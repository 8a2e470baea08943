/**
 * Tells the shop that a customer answered a proof, at the shop's own address (shop settings'
 * email), when one is set. Queued in the answer's transaction; links to the staff job page.
 */
import type { Db } from "@traveler/db";
import {
  buttonLink,
  emailDocument,
  escapeHtml,
  escapeMultiline,
  paragraph,
} from "../email/layout.ts";
import { loadShopSettings, shopContact } from "../shop-settings.ts";

export interface ProofAnswer {
  jobNumber: string;
  version: number;
  customerName: string;
  approved: boolean;
  /** The change request's comment (changes only). */
  comment: string | null;
  pins: number;
  publicUrl: string;
}

export async function queueProofAnswerEmail(trx: Db, answer: ProofAnswer): Promise<void> {
  const settings = await loadShopSettings(trx);
  const shop = shopContact(settings);
  if (!shop.email) return;
  const link = `${answer.publicUrl.replace(/\/+$/, "")}/admin/job/${encodeURIComponent(answer.jobNumber)}`;
  const what = answer.approved ? "approved" : "asked for changes to";
  const subject = `${answer.customerName} ${what} proof ${answer.version} of ${answer.jobNumber}`;
  const pins =
    answer.pins > 0 ? ` (${answer.pins} pin${answer.pins === 1 ? "" : "s"} on the image)` : "";
  const text = [
    `${answer.customerName} ${what} version ${answer.version} of the proof for ${answer.jobNumber}${pins}.`,
    ...(answer.comment ? ["", answer.comment] : []),
    "",
    link,
  ].join("\n");
  const html = emailDocument({
    title: answer.approved ? "Proof approved" : "Changes requested",
    shop,
    body: [
      paragraph(
        `${escapeHtml(answer.customerName)} ${what} version ${answer.version} of the proof for <strong>${escapeHtml(answer.jobNumber)}</strong>${escapeHtml(pins)}.`,
      ),
      ...(answer.comment ? [paragraph(escapeMultiline(answer.comment))] : []),
      paragraph(buttonLink(link, "Open the job")),
    ].join("\n"),
  });
  await trx
    .insertInto("email_outbox")
    .values({
      kind: "proof_answer",
      customer_id: null,
      to_address: shop.email,
      subject,
      text_body: text,
      html_body: html,
      headers: JSON.stringify({}),
    })
    .execute();
}
