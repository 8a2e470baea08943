import { Link } from "@remix-run/react";

export interface WaitingProof {
  jobNumber: string;
  title: string;
  version: number;
}

/** "Proof waiting for your approval" at the top of the dashboard and the job page. */
export function ProofBanner({ waiting }: { waiting: WaitingProof[] }) {
  if (waiting.length === 0) return null;
  return (
    <section className="alert alert-warning proof-banner" aria-labelledby="proof-banner-heading">
      <h2 className="h6 mb-1" id="proof-banner-heading">
        {waiting.length === 1
          ? "Proof waiting for your approval"
          : "Proofs waiting for your approval"}
      </h2>
      <ul className="list-unstyled mb-0">
        {waiting.map((p) => (
          <li key={p.jobNumber}>
            <Link to={`/customer/job/${p.jobNumber}/proof`} className="fw-semibold">
              Review proof {p.version} for {p.title} ({p.jobNumber})
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
