import {
  formatShare,
  type MetricsReport,
  metricsReportInput,
  presetPeriod,
  REPORT_PRESET_DAYS,
} from "@traveler/api/schemas";
import { type FormEvent, useState } from "react";
import { client, errorText } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";
import { useServerQuery } from "./use-server.ts";

const percent = formatShare;

function goal(share: number | null, target: number): string {
  if (share === null) return "no data";
  return share >= target
    ? `meets the ${percent(target)} goal`
    : `below the ${percent(target)} goal`;
}

/**
 * The spec's success metrics over a chosen period of shop days (admins; online): portal
 * adoption, satisfaction, time to first staff reply and status-question proxies.
 */
export function MetricsReportPanel() {
  const today = useCacheQuery(["today"], () => client.jobs.today.query());
  if (!today.data) return <p className="muted">Loading…</p>;
  return <MetricsForDays today={today.data} />;
}

function MetricsForDays({ today }: { today: string }) {
  const [period, setPeriod] = useState(() => presetPeriod(30, today));
  const [draft, setDraft] = useState(period);
  const [problem, setProblem] = useState<string | null>(null);
  const report = useServerQuery<MetricsReport>("staff.reports.metrics", period);

  function show(event: FormEvent) {
    event.preventDefault();
    const parsed = metricsReportInput.safeParse(draft);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? "Choose a valid period.");
      return;
    }
    setProblem(null);
    setPeriod(parsed.data);
  }

  function preset(days: number) {
    const next = presetPeriod(days, today);
    setDraft(next);
    setPeriod(next);
    setProblem(null);
  }

  return (
    <div className="card">
      <h2>The portal's goals</h2>
      <form className="inline-form" onSubmit={show} aria-label="Report period">
        <label>
          From
          <input
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <button type="submit" className="primary">
          Show
        </button>
        {REPORT_PRESET_DAYS.map((days) => (
          <button key={days} type="button" onClick={() => preset(days)}>
            Last {days} days
          </button>
        ))}
      </form>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {report.error ? (
        <p className="error">{errorText(report.error)}</p>
      ) : !report.data ? (
        <p className="muted">Loading…</p>
      ) : (
        <MetricsCards report={report.data} />
      )}
    </div>
  );
}

function MetricsCards({ report }: { report: MetricsReport }) {
  const { adoption, satisfaction, replies, statusQuestions: sq } = report;
  return (
    <>
      <p className="muted">
        {report.period.from} to {report.period.to} (whole days, {report.period.timeZone})
      </p>
      <div className="stats">
        <div className="card stat" data-testid="metric-adoption">
          <strong>{percent(adoption.share)}</strong>
          <span>
            portal adoption: {adoption.count} of {adoption.of} customers with a job signed in ·{" "}
            {goal(adoption.share, adoption.target)}
          </span>
        </div>
        <div className="card stat" data-testid="metric-satisfaction">
          <strong>{percent(satisfaction.share)}</strong>
          <span>
            satisfaction: {satisfaction.count} of {satisfaction.of} ratings were 4 or 5 ·{" "}
            {goal(satisfaction.share, satisfaction.target)}
          </span>
        </div>
        <div className="card stat" data-testid="metric-replies">
          <strong>
            {replies.available && replies.medianMinutes !== null
              ? `${replies.medianMinutes} min`
              : "no data"}
          </strong>
          <span>
            median time to first staff reply ({replies.answered} of {replies.questions} questions
            answered)
          </span>
        </div>
        <div className="card stat" data-testid="metric-status">
          <strong>
            {sq.viewsPerActiveJob === null ? "no data" : sq.viewsPerActiveJob.toFixed(2)}
          </strong>
          <span>
            job page views per job ({sq.jobViews} views, {sq.activeJobs} jobs); status messages{" "}
            {sq.statusMessages} of {sq.customerMessages} ({percent(sq.statusMessageShare)})
          </span>
        </div>
      </div>
    </>
  );
}
