/**
 * Emails about messages on a job (issue 14), queued in the transaction that stores the message.
 * A staff reply goes to the job's customer (unless they chose no emails, or portal access is
 * off); a customer's message goes to the shop's address when one is set. Both link to the thread
 * and say that replies are made on the portal: nobody reads answers sent to these emails.
 */
import type { Db } from "@traveler/db";
import { loadShopSettings, shopContact } from "../shop-settings.ts";
import {
  buttonLink,
  emailDocument,
  escapeHtml,
  escapeMultiline,
  mutedParagraph,
  paragraph,
  shopFooterText,
} from "./layout.ts";

const REPLY_ON_PORTAL = "Please reply on the portal: answers sent to this email are not read.";

interface MessageEmail {
  jobId: number;
  body: string;
  publicUrl: string;
}

async function insert(
  trx: Db,
  values: {
    kind: string;
    customerId: number | null;
    to: string;
    subject: string;
    text: string;
    html: string;
  },
): Promise<void> {
  await trx
    .insertInto("email_outbox")
    .values({
      kind: values.kind,
      customer_id: values.customerId,
      to_address: values.to,
      subject: values.subject,
      text_body: values.text,
      html_body: values.html,
      headers: JSON.stringify({}),
    })
    .execute();
}

/** A staff reply: tells the job's own customer, with a link to the thread on their job page. */
export async function queueReplyToCustomerEmail(trx: Db, email: MessageEmail): Promise<void> {
  const job = await trx
    .selectFrom("jobs as j")
    .innerJoin("customers as c", "c.id", "j.customer_id")
    .select(["j.job_number", "j.title", "c.id as customer_id", "c.name", "c.email"])
    .where("j.id", "=", email.jobId)
    .where("c.deleted_at", "is", null)
    .where("c.portal_enabled", "=", true)
    .where("c.notify_preference", "<>", "none")
    .executeTakeFirst();
  if (!job) return;
  const shop = shopContact(await loadShopSettings(trx));
  const link = `${email.publicUrl}/customer/job/${job.job_number}#messages`;
  const subject = `${shop.name} replied about ${job.job_number}`;
  const text = [
    `Hello ${job.name},`,
    "",
    `${shop.name} answered your message about ${job.job_number} (${job.title}):`,
    "",
    email.body,
    "",
    `Read the conversation and reply: ${link}`,
    REPLY_ON_PORTAL,
    "",
    shopFooterText(shop),
  ].join("\n");
  const html = emailDocument({
    title: `A reply about ${job.job_number}`,
    shop,
    body: [
      paragraph(`Hello ${escapeHtml(job.name)},`),
      paragraph(
        `${escapeHtml(shop.name)} answered your message about ${escapeHtml(job.job_number)} (${escapeHtml(job.title)}):`,
      ),
      paragraph(escapeMultiline(email.body)),
      paragraph(buttonLink(link, "Read and reply")),
      mutedParagraph(escapeHtml(REPLY_ON_PORTAL)),
    ].join("\n"),
  });
  await insert(trx, {
    kind: "message_reply",
    customerId: job.customer_id,
    to: job.email,
    subject,
    text,
    html,
  });
}

/** A customer's message: tells the shop (its address in settings; none set: no email). */
export async function queueMessageToShopEmail(trx: Db, email: MessageEmail): Promise<void> {
  const settings = await loadShopSettings(trx);
  if (!settings.email) return;
  const job = await trx
    .selectFrom("jobs as j")
    .innerJoin("customers as c", "c.id", "j.customer_id")
    .select(["j.job_number", "j.title", "c.name"])
    .where("j.id", "=", email.jobId)
    .executeTakeFirstOrThrow();
  const shop = shopContact(settings);
  const link = `${email.publicUrl}/admin/job/${job.job_number}#messages`;
  const subject = `Message from ${job.name} about ${job.job_number}`;
  const text = [
    `${job.name} wrote about ${job.job_number} (${job.title}):`,
    "",
    email.body,
    "",
    `Answer on the staff pages or in the console: ${link}`,
    REPLY_ON_PORTAL,
  ].join("\n");
  const html = emailDocument({
    title: `Message about ${job.job_number}`,
    shop,
    body: [
      paragraph(
        `${escapeHtml(job.name)} wrote about ${escapeHtml(job.job_number)} (${escapeHtml(job.title)}):`,
      ),
      paragraph(escapeMultiline(email.body)),
      paragraph(buttonLink(link, "Answer")),
      mutedParagraph(escapeHtml(REPLY_ON_PORTAL)),
    ].join("\n"),
  });
  await insert(trx, {
    kind: "message_to_shop",
    customerId: null,
    to: settings.email,
    subject,
    text,
    html,
  });
}
