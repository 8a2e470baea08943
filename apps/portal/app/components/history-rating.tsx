import { Link } from "@remix-run/react";

/** A completed job's line in the history: the score given, or a link to rate it. */
export function HistoryRating({ jobNumber, rating }: { jobNumber: string; rating: number | null }) {
  return rating === null ? (
    <p className="small mb-0 mt-1">
      <Link to={`/customer/job/${encodeURIComponent(jobNumber)}/rate`}>
        Rate this job<span className="visually-hidden"> ({jobNumber})</span>
      </Link>
    </p>
  ) : (
    <p className="small mb-0 mt-1">You rated this job {rating} of 5.</p>
  );
}
