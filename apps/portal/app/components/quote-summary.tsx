import { type CustomerQuote, QUOTE_STATUS_LABELS } from "@traveler/api/schemas";
import {
  formatDateTime,
  formatDay,
  formatQuantity,
  useShopPrice,
  useShopTime,
} from "../lib/format.ts";

/** A request's state in words, as a badge. */
export function QuoteStatusBadge({ status }: { status: CustomerQuote["status"] }) {
  const tone =
    status === "quoted"
      ? "text-bg-primary"
      : status === "declined"
        ? "text-bg-secondary"
        : status === "requested"
          ? "text-bg-light border"
          : "text-bg-success";
  return <span className={`badge ${tone}`}>{QUOTE_STATUS_LABELS[status]}</span>;
}

/** What was asked and what the shop answered (customer and staff pages alike). */
export function QuoteSummary({ quote }: { quote: CustomerQuote }) {
  const { timeZone } = useShopTime();
  const price = useShopPrice();
  return (
    <dl className="row mb-0">
      <dt className="col-sm-4">What</dt>
      <dd className="col-sm-8">{quote.what}</dd>
      <dt className="col-sm-4">Quantity</dt>
      <dd className="col-sm-8">{formatQuantity(quote.quantity)}</dd>
      <dt className="col-sm-4">Needed by</dt>
      <dd className="col-sm-8">{quote.neededBy ? formatDay(quote.neededBy) : "No date given"}</dd>
      {quote.notes ? (
        <>
          <dt className="col-sm-4">Notes</dt>
          <dd className="col-sm-8 white-space-pre-line">{quote.notes}</dd>
        </>
      ) : null}
      {quote.priceCents !== null ? (
        <>
          <dt className="col-sm-4">Price</dt>
          <dd className="col-sm-8 fw-semibold">{price(quote.priceCents)}</dd>
          <dt className="col-sm-4">Valid until</dt>
          <dd className="col-sm-8">{quote.validUntil ? formatDay(quote.validUntil) : ""}</dd>
        </>
      ) : null}
      {quote.quoteNote ? (
        <>
          <dt className="col-sm-4">From the shop</dt>
          <dd className="col-sm-8 white-space-pre-line">{quote.quoteNote}</dd>
        </>
      ) : null}
      {quote.status === "declined" ? (
        <>
          <dt className="col-sm-4">Reason</dt>
          <dd className="col-sm-8 white-space-pre-line">{quote.declineReason}</dd>
        </>
      ) : null}
      {quote.acceptedName && quote.acceptedAt ? (
        <>
          <dt className="col-sm-4">Accepted by</dt>
          <dd className="col-sm-8">
            {quote.acceptedName},{" "}
            <time dateTime={quote.acceptedAt}>{formatDateTime(quote.acceptedAt, timeZone)}</time>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
