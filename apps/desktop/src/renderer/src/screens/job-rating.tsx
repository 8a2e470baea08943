import type { RatingOutput } from "@traveler/api/schemas";
import { errorText, formatTime } from "../client.ts";
import { useServerQuery } from "./use-server.ts";

/** A completed job's customer rating in the job editor (online: read from the server). */
export function JobRating({ jobNumber }: { jobNumber: string }) {
  const result = useServerQuery<{ rating: RatingOutput | null }>("feedback.forJob", { jobNumber });
  return (
    <div className="card">
      <h2>Customer rating</h2>
      {result.error ? (
        <p className="muted">Rating not available offline ({errorText(result.error)}).</p>
      ) : !result.data ? (
        <p className="muted">Loading…</p>
      ) : result.data.rating ? (
        <>
          <p>
            <strong>{result.data.rating.rating} of 5</strong>
            {result.data.rating.comment ? ` · ${result.data.rating.comment}` : ""}
          </p>
          <p className="muted">
            {result.data.rating.source === "email" ? "From the completion email" : "On the portal"},{" "}
            {formatTime(result.data.rating.createdAt)}
          </p>
        </>
      ) : (
        <p className="muted">Not rated yet.</p>
      )}
    </div>
  );
}
