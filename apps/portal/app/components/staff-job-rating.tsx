import type { RatingOutput } from "@traveler/api/schemas";
import { formatDateTime, useShopTime } from "../lib/format.ts";
import { RatingSummary } from "./rating-form.tsx";

/** On the staff job page: the customer's rating of the job, when there is one. */
export function StaffJobRating({ rating }: { rating: RatingOutput | null }) {
  const { timeZone } = useShopTime();
  if (!rating) return null;
  return (
    <section className="card shadow-sm mb-3" aria-labelledby="rating-heading">
      <div className="card-body">
        <h2 className="h5" id="rating-heading">
          Customer rating
        </h2>
        <RatingSummary rating={rating} />
        <p className="small text-body-secondary mt-2 mb-0">
          Rated {rating.source === "email" ? "from the completion email" : "on the portal"} on{" "}
          {formatDateTime(rating.createdAt, timeZone)}.
        </p>
      </div>
    </section>
  );
}
