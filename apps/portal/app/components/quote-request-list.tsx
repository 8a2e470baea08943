import { Link } from "@remix-run/react";
import type { CustomerQuote } from "@traveler/api/schemas";
import { formatDateTime, formatQuantity, useShopPrice, useShopTime } from "../lib/format.ts";
import { QuoteStatusBadge } from "./quote-summary.tsx";

/**
 * Quote requests as a list (the customer's requests and the staff inbox): each links to its page
 * and shows its state, number, quantity, when it was asked and the price once quoted.
 */
export function QuoteRequestList<Q extends CustomerQuote>({
  items,
  href,
  title,
  showJob = false,
}: {
  items: Q[];
  /** The request's page. */
  href: (quote: Q) => string;
  /** The link's text. */
  title: (quote: Q) => string;
  /** Name the job a converted request became. */
  showJob?: boolean;
}) {
  const { timeZone } = useShopTime();
  const price = useShopPrice();
  return (
    <ul className="list-group">
      {items.map((q) => (
        <li key={q.requestNumber} className="list-group-item">
          <div className="d-flex flex-wrap gap-2 align-items-baseline">
            <Link to={href(q)} className="fw-semibold me-auto">
              {title(q)}
            </Link>
            <QuoteStatusBadge status={q.status} />
          </div>
          <p className="small text-body-secondary mb-0">
            <span className="font-monospace">{q.requestNumber}</span> · {formatQuantity(q.quantity)}{" "}
            · asked <time dateTime={q.createdAt}>{formatDateTime(q.createdAt, timeZone)}</time>
            {q.priceCents !== null ? <> · {price(q.priceCents)}</> : null}
            {showJob && q.jobNumber ? <> · job {q.jobNumber}</> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
