import type { RatingOutput } from "@traveler/api/schemas";
import { formatDateTime } from "../lib/format.ts";
import { RatingForm, RatingSummary } from "./rating-form.tsx";

/**
 * The rating section of a completed job's page: the form while the job can be rated, the
 * customer's rating once given.
 */
export function JobRatingCard({
  jobNumber,
  feedback,
  timeZone,
  justRated,
}: {
  jobNumber: string;
  feedback: { canRate: boolean; rating: RatingOutput | null };
  timeZone: string;
  justRated: boolean;
}) {
  if (!feedback.canRate && !feedback.rating) return null;
  return (
    <section className="card shadow-sm" aria-labelledby="rating-heading" id="rating">
      <div className="card-body">
        <h2 className="h5" id="rating-heading">
          Your rating
        </h2>
        {feedback.rating ? (
          <>
            {justRated ? (
              <p className="alert alert-success" role="status">
                Thank you for your feedback.
              </p>
            ) : null}
            <RatingSummary rating={feedback.rating} />
            <p className="small text-body-secondary mt-2 mb-0">
              Rated on {formatDateTime(feedback.rating.createdAt, timeZone)}.
            </p>
          </>
        ) : (
          <RatingForm action={`/customer/job/${encodeURIComponent(jobNumber)}/rate`} />
        )}
      </div>
    </section>
  );
}
