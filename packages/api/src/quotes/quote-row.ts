import type { Db } from "@traveler/db";
import type { CustomerQuote, StaffQuote } from "../schemas/quotes.ts";

/** The columns every reader of a quote request selects (as staff see them). */
export function quoteQuery(db: Db) {
  return db
    .selectFrom("quote_requests as q")
    .innerJoin("customers as c", "c.id", "q.customer_id")
    .leftJoin("staff_users as s", "s.id", "q.answered_by")
    .leftJoin("jobs as j", "j.id", "q.job_id")
    .select([
      "q.id",
      "q.request_number",
      "q.customer_id",
      "c.name as customer_name",
      "q.what",
      "q.quantity",
      "q.needed_by",
      "q.notes",
      "q.status",
      "q.price_cents",
      "q.valid_until",
      "q.quote_note",
      "q.decline_reason",
      "s.display_name as answered_by_name",
      "q.answered_at",
      "q.accepted_name",
      "q.accepted_at",
      "q.accepted_ip",
      "q.accepted_user_agent",
      "j.job_number",
      "q.created_at",
      "q.version",
    ])
    .where("q.deleted_at", "is", null);
}

export type QuoteRow = Awaited<
  ReturnType<ReturnType<typeof quoteQuery>["executeTakeFirstOrThrow"]>
>;

/** A quoted price can be accepted until the end of its validity day, in shop time. */
export function isAcceptable(
  row: Pick<QuoteRow, "status" | "valid_until">,
  today: string,
): boolean {
  return row.status === "quoted" && row.valid_until !== null && row.valid_until >= today;
}

/** What the customer may see of their request (parsed again by the output schema). */
export function toCustomerQuote(row: QuoteRow, today: string): CustomerQuote {
  return {
    requestNumber: row.request_number,
    what: row.what,
    quantity: row.quantity,
    neededBy: row.needed_by,
    notes: row.notes,
    status: row.status,
    priceCents: row.price_cents,
    validUntil: row.valid_until,
    quoteNote: row.quote_note,
    declineReason: row.decline_reason,
    answeredAt: row.answered_at?.toISOString() ?? null,
    acceptedName: row.accepted_name,
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    jobNumber: row.job_number,
    createdAt: row.created_at.toISOString(),
    acceptable: isAcceptable(row, today),
  };
}

export function toStaffQuote(row: QuoteRow, today: string): StaffQuote {
  return {
    ...toCustomerQuote(row, today),
    customerId: row.customer_id,
    customerName: row.customer_name,
    answeredBy: row.answered_by_name,
    acceptedIp: row.accepted_ip,
    acceptedUserAgent: row.accepted_user_agent,
    version: row.version,
  };
}
