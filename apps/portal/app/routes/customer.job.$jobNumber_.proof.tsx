import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { ProofDecisionForms } from "../components/proof-decision-forms.tsx";
import { ProofConversation, ProofFiles, ProofHeading } from "../components/proof-version.tsx";
import { apiFor, orNotFound } from "../lib/api.server.ts";
import { readForm } from "../lib/form.server.ts";
import { useShopTime } from "../lib/format.ts";
import { proofDecisionAction } from "../lib/proof-decision.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Proof for ${data.jobTitle} (${data.jobNumber}) · Customer portal`
      : "Proof not found",
  },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  return orNotFound(
    () =>
      apiFor(request, context, session).customer.proofs.list({ jobNumber: params.jobNumber ?? "" }),
    "We could not find that job.",
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireCustomer(request, context);
  const form = await readForm(request);
  return proofDecisionAction(apiFor(request, context, session), params.jobNumber ?? "", form);
}

/**
 * The customer's proof page (phone first): the newest version's files full width (images with a
 * link to the full size; PDFs open in the phone's viewer), the approve and request-changes forms
 * when it waits for an answer (plain forms: no JavaScript needed; with it, tapping the image
 * drops numbered pins), and every earlier version read-only with its comments and decision.
 */
export default function ProofPage() {
  const { jobNumber, jobTitle, proofs } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const answered = posted ? null : searchParams.get("answered");
  const { timeZone } = useShopTime();
  const [latest, ...earlier] = proofs;
  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <Link to="/customer/dashboard">Active jobs</Link>
          </li>
          <li className="breadcrumb-item">
            <Link to={`/customer/job/${jobNumber}`}>{jobNumber}</Link>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            Proof
          </li>
        </ol>
      </nav>
      <h1 className="h3 mb-3">Proof for {jobTitle}</h1>
      {answered === "approved" ? (
        <div className="alert alert-success" role="status">
          Thank you: you approved the proof. We can go ahead with production.
        </div>
      ) : answered === "changes" ? (
        <div className="alert alert-success" role="status">
          Thank you: we received your changes and will send you a new version.
        </div>
      ) : null}
      {!latest ? (
        <p>There is no proof for this job yet.</p>
      ) : (
        <section className="card shadow-sm mb-3" aria-labelledby="latest-proof-heading">
          <div className="card-body">
            <ProofHeading proof={latest} timeZone={timeZone} level={2} id="latest-proof-heading" />
            <ProofConversation proof={latest} timeZone={timeZone} />
            <ProofFiles
              jobNumber={jobNumber}
              proof={latest}
              audience="customer"
              pinnable={latest.state === "waiting"}
            />
            {latest.state === "waiting" ? (
              <ProofDecisionForms
                version={latest.version}
                posted={posted ?? null}
                hasImages={latest.files.some((f) => f.contentType.startsWith("image/"))}
              />
            ) : null}
          </div>
        </section>
      )}
      {earlier.length > 0 ? (
        <section aria-labelledby="earlier-heading">
          <h2 className="h5" id="earlier-heading">
            Earlier versions
          </h2>
          {earlier.map((proof) => (
            <article key={proof.version} className="card shadow-sm mb-3">
              <div className="card-body">
                <ProofHeading proof={proof} timeZone={timeZone} />
                <ProofConversation proof={proof} timeZone={timeZone} />
                <ProofFiles jobNumber={jobNumber} proof={proof} audience="customer" />
              </div>
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
