import { useNonce } from "../lib/nonce.tsx";
import { ModuleScript } from "../lib/page-assets.tsx";

/**
 * With JS on, the `live` module listens to the page's server-sent events (`source`) and
 * refreshes the page's content when one of the changes concerns it (`jobNumber`: only that job;
 * `tables`: only changes to one of these synced tables). Without JS nothing happens: the page
 * is current when loaded.
 */
export function LiveUpdates({
  jobNumber,
  source = "/customer/events",
  tables,
}: {
  jobNumber?: string;
  source?: "/customer/events" | "/admin/events";
  tables?: readonly string[];
}) {
  const nonce = useNonce();
  return (
    <>
      <p
        className="live-status m-0 text-body-secondary"
        aria-live="polite"
        data-live-source={source}
        data-live-job={jobNumber}
        data-live-tables={tables?.join(" ")}
      />
      <ModuleScript name="live" nonce={nonce} />
    </>
  );
}

/** What changes a staff job page shows (its job's row, history, photos, files, proofs, messages). */
const JOB_TABLES = [
  "jobs",
  "job_status_history",
  "job_photos",
  "job_messages",
  "job_files",
  "proofs",
  "proof_files",
  "proof_comments",
] as const;

/**
 * The staff pages' live updates (GET /admin/events): a job page refreshes for its own job, the
 * lists for the tables they show (none given: any change, e.g. the job board).
 */
export function StaffLive({
  jobNumber,
  tables = jobNumber ? JOB_TABLES : undefined,
}: {
  jobNumber?: string;
  tables?: readonly string[];
}) {
  return <LiveUpdates source="/admin/events" jobNumber={jobNumber} tables={tables} />;
}
