import type { SyncQuoteRequest, SyncQuoteRequestFile } from "@traveler/api/schemas";
import type { CacheDb } from "./database.ts";

export type ConsoleQuoteRequest = Pick<
  SyncQuoteRequest,
  | "requestNumber"
  | "what"
  | "quantity"
  | "neededBy"
  | "notes"
  | "status"
  | "priceCents"
  | "validUntil"
  | "quoteNote"
  | "declineReason"
  | "acceptedName"
  | "acceptedAt"
  | "createdAt"
> & {
  customerName: string;
  jobNumber: string | null;
  /** An answer to it waits in the outbox. */
  pending: boolean;
  /** The request's files (download with the request number and the file's id). */
  files: SyncQuoteRequestFile[];
};

/**
 * The console's Requests inbox from the mirror: new requests and accepted quotes first (the
 * oldest first: they wait for the shop), then the rest, most recent first.
 */
export function listQuoteRequests(db: CacheDb): ConsoleQuoteRequest[] {
  const rows = db
    .prepare(
      `select q.request_number, q.what, q.quantity, q.needed_by, q.notes, q.status, q.price_cents,
              q.valid_until, q.quote_note, q.decline_reason, q.accepted_name, q.accepted_at,
              q.created_at, q.files, c.name as customer_name, j.job_number,
              exists (select 1 from outbox o where o.entity = 'quote'
                        and o.entity_key = q.request_number) as pending
       from quote_requests q
       left join customers c on c.id = q.customer_id
       left join jobs j on j.id = q.job_id
       where q.deleted_at is null
       order by case when q.status in ('requested', 'accepted') then 0 else 1 end,
                case when q.status in ('requested', 'accepted') then q.created_at end,
                q.created_at desc
       limit 500`,
    )
    .all() as {
    request_number: string;
    what: string;
    quantity: number;
    needed_by: string | null;
    notes: string;
    status: SyncQuoteRequest["status"];
    price_cents: number | null;
    valid_until: string | null;
    quote_note: string;
    decline_reason: string;
    accepted_name: string | null;
    accepted_at: string | null;
    created_at: string;
    files: string | null;
    customer_name: string | null;
    job_number: string | null;
    pending: number;
  }[];
  return rows.map((r) => ({
    requestNumber: r.request_number,
    what: r.what,
    quantity: r.quantity,
    neededBy: r.needed_by,
    notes: r.notes,
    status: r.status,
    priceCents: r.price_cents,
    validUntil: r.valid_until,
    quoteNote: r.quote_note,
    declineReason: r.decline_reason,
    acceptedName: r.accepted_name,
    acceptedAt: r.accepted_at,
    createdAt: r.created_at,
    customerName: r.customer_name ?? "",
    jobNumber: r.job_number,
    pending: r.pending === 1,
    files: r.files ? (JSON.parse(r.files) as SyncQuoteRequestFile[]) : [],
  }));
}
