import { errorText } from "../client.ts";
import { MetricsReportPanel } from "./metrics-report.tsx";
import { useServerQuery } from "./use-server.ts";

interface Report {
  customers: number;
  active30: number;
  active90: number;
  share30: number;
  share90: number;
  weeks: { weekStart: string; logins: number; jobViews: number; activeCustomers: number }[];
}

const W = 760;
const H = 220;
const PAD = 32;

/**
 * The report screen: the spec's success metrics over a chosen period (admins), then weekly portal
 * logins and active customers as a small SVG bar + line chart.
 */
export function AdoptionReport({ admin }: { admin: boolean }) {
  const report = useServerQuery<Report>("staff.reports.portalAdoption");
  if (report.error) return <p className="error">{errorText(report.error)}</p>;
  if (!report.data) return <p className="muted">Loading…</p>;
  const { weeks } = report.data;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.logins, w.activeCustomers)));
  const step = weeks.length > 0 ? (W - PAD * 2) / weeks.length : 0;
  const y = (v: number) => H - PAD - (v / max) * (H - PAD * 2);
  const line = weeks
    .map((w, i) => `${PAD + step * i + step / 2},${y(w.activeCustomers)}`)
    .join(" ");
  const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
  return (
    <section>
      <header className="screen-header">
        <h1>Report</h1>
      </header>
      {admin && <MetricsReportPanel />}
      <h2>Portal adoption by week</h2>
      <div className="stats">
        <div className="card stat">
          <strong>{report.data.customers.toLocaleString()}</strong>
          <span>customers</span>
        </div>
        <div className="card stat">
          <strong>{pct(report.data.share30)}</strong>
          <span>used the portal in 30 days ({report.data.active30})</span>
        </div>
        <div className="card stat">
          <strong>{pct(report.data.share90)}</strong>
          <span>used the portal in 90 days ({report.data.active90})</span>
        </div>
      </div>
      <div className="card">
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-label="Weekly portal logins (bars) and active customers (line)"
          className="chart"
        >
          <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} className="axis" />
          {weeks.map((w, i) => (
            <g key={w.weekStart}>
              <rect
                x={PAD + step * i + step * 0.15}
                y={y(w.logins)}
                width={step * 0.7}
                height={H - PAD - y(w.logins)}
                className="bar"
              >
                <title>{`${w.weekStart}: ${w.logins} logins, ${w.jobViews} job views, ${w.activeCustomers} active customers`}</title>
              </rect>
              {i % Math.max(1, Math.ceil(weeks.length / 8)) === 0 && (
                <text
                  x={PAD + step * i + step / 2}
                  y={H - PAD + 16}
                  textAnchor="middle"
                  className="tick"
                >
                  {w.weekStart.slice(5)}
                </text>
              )}
            </g>
          ))}
          <polyline points={line} className="line" />
          <text x={PAD} y={PAD - 10} className="tick">
            max {max}
          </text>
        </svg>
        <p className="muted">Bars: logins per week · Line: customers active that week</p>
      </div>
    </section>
  );
}
