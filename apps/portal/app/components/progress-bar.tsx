export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="d-flex align-items-center gap-2">
      <div
        className="progress flex-grow-1"
        role="progressbar"
        aria-label={label}
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuetext={`${pct}% complete`}
      >
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <span className="small fw-semibold text-nowrap" aria-hidden="true">
        {pct}%
      </span>
    </div>
  );
}
