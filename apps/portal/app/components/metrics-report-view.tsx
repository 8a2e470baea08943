import { formatShare, type MetricsReport } from "@traveler/api/schemas";
import type { ReactNode } from "react";

const percent = formatShare;

function Verdict({ share, target }: { share: number | null; target: number }) {
  if (share === null) return <span className="badge text-bg-light border">No data</span>;
  return share >= target ? (
    <span className="badge text-bg-success">Meets the {percent(target)} goal</span>
  ) : (
    <span className="badge text-bg-warning">Below the {percent(target)} goal</span>
  );
}

function Metric({
  id,
  title,
  value,
  children,
}: {
  id: string;
  title: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <section className="col-12 col-md-6" aria-labelledby={id}>
      <div className="card shadow-sm h-100">
        <div className="card-body">
          <h2 className="h6 text-body-secondary" id={id}>
            {title}
          </h2>
          <p className="display-6 mb-2" data-testid={`${id}-value`}>
            {value}
          </p>
          {children}
        </div>
      </div>
    </section>
  );
}

/** The spec's success metrics for one period (the admin report page). */
export function MetricsReportView({ report }: { report: MetricsReport }) {
  const { adoption, satisfaction, replies, statusQuestions: sq } = report;
  return (
    <div className="row g-3">
      <Metric id="adoption" title="Portal adoption" value={percent(adoption.share)}>
        <p className="mb-2">
          {adoption.count} of {adoption.of} customers with a job in the period signed in to the
          portal.
        </p>
        <Verdict share={adoption.share} target={adoption.target} />
      </Metric>
      <Metric
        id="satisfaction"
        title="Satisfaction (ratings of 4 or 5)"
        value={percent(satisfaction.share)}
      >
        <p className="mb-2">
          {satisfaction.count} of {satisfaction.of} ratings were 4 or 5
          {satisfaction.average !== null ? `; average ${satisfaction.average.toFixed(2)} of 5` : ""}
          .
        </p>
        <p className="small mb-2">
          Ratings by score: {satisfaction.distribution.map((n, i) => `${i + 1}: ${n}`).join(" · ")}
        </p>
        <Verdict share={satisfaction.share} target={satisfaction.target} />
      </Metric>
      <Metric
        id="replies"
        title="Median time to first staff reply"
        value={
          !replies.available || replies.medianMinutes === null
            ? "no data"
            : `${replies.medianMinutes} min`
        }
      >
        <p className="mb-0">
          {replies.available
            ? `${replies.answered} of ${replies.questions} customer questions answered.`
            : "Messages are not enabled on this server yet."}
        </p>
      </Metric>
      <Metric
        id="status-questions"
        title="Status questions"
        value={sq.viewsPerActiveJob === null ? "no data" : `${sq.viewsPerActiveJob.toFixed(2)}`}
      >
        <p className="mb-1">
          Job page views per job in the period ({sq.jobViews} views, {sq.activeJobs} jobs).
        </p>
        <p className="mb-1">
          Messages asking about status: {sq.statusMessages} of {sq.customerMessages} customer
          messages ({percent(sq.statusMessageShare)}).
        </p>
        <p className="small text-body-secondary mb-0">
          A message asks about status when it contains one of: {sq.keywords.join(", ")}.
        </p>
      </Metric>
    </div>
  );
}
