/** Renders a queued job-update row from the database: the worker does this when it claims it. */
import type { Db } from "@traveler/db";
import { loadShopSettings, shopContact } from "../shop-settings.ts";
import { renderJobUpdateMessage } from "./job-update-message.ts";
import { createRatingToken, ratingUrl } from "./rating-token.ts";
import type { RenderedMessage } from "./rendered-message.ts";
import { createUnsubscribeToken, unsubscribeUrl } from "./unsubscribe-token.ts";

export interface LinkOptions {
  publicUrl: string;
  signingKey: string;
  /** When the message is made (rating links expire counted from it); the system clock if unset. */
  now?: () => Date;
}

/**
 * The message for these history rows, or null when there is nothing to send any more (the
 * customer opted out, was removed, or every reported row was hidden or deleted since).
 */
export async function renderJobUpdate(
  db: Db,
  row: { customer_id: number | null; job_history_ids: readonly (string | number)[] },
  links: LinkOptions,
): Promise<RenderedMessage | null> {
  if (row.customer_id === null || row.job_history_ids.length === 0) return null;
  const customer = await db
    .selectFrom("customers")
    .select(["id", "name", "notify_preference"])
    .where("id", "=", row.customer_id)
    .where("deleted_at", "is", null)
    .where("portal_enabled", "=", true)
    .executeTakeFirst();
  if (!customer || customer.notify_preference === "none") return null;

  const ids = row.job_history_ids.map(Number);
  const history = await db
    .selectFrom("job_status_history as h")
    .innerJoin("jobs as j", "j.id", "h.job_id")
    .select([
      "h.status",
      "h.progress_percentage",
      "h.notes",
      "h.kind",
      "h.due_from",
      "h.due_to",
      "h.created_at",
      "j.id as job_id",
      "j.job_number",
      "j.title",
      "j.status as job_status",
      "j.estimated_completion",
    ])
    .where("h.id", "in", ids)
    .where("j.customer_id", "=", customer.id)
    .where("j.deleted_at", "is", null)
    .where("h.visible_to_customer", "=", true)
    .where("h.deleted_at", "is", null)
    .orderBy("h.id")
    .execute();
  if (history.length === 0) return null;

  const shop = shopContact(await loadShopSettings(db));
  const now = links.now?.() ?? new Date();
  // A completed job (still completed when sending) gets a one-time link to rate it.
  const rateUrl = (h: (typeof history)[number]) =>
    h.kind === "status" && h.status === "completed" && h.job_status === "completed"
      ? ratingUrl(links.publicUrl, createRatingToken(links.signingKey, h.job_id, now))
      : null;
  return renderJobUpdateMessage({
    customerName: customer.name,
    shop,
    publicUrl: links.publicUrl,
    unsubscribeUrl: unsubscribeUrl(
      links.publicUrl,
      createUnsubscribeToken(links.signingKey, customer.id),
    ),
    updates: history.map((h) => ({
      jobNumber: h.job_number,
      title: h.title,
      status: h.status,
      progress: h.progress_percentage,
      note: h.notes,
      estimatedCompletion: h.estimated_completion,
      due: h.kind === "due" ? { from: h.due_from, to: h.due_to } : null,
      at: h.created_at,
      rateUrl: rateUrl(h),
    })),
  });
}
