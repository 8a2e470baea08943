import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { TravelerPrint } from "../components/traveler-print.tsx";
import { loadTravelers } from "../lib/travelers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Traveler ${data.jobNumber} · Shop staff` : "Job not found" },
];

/** One job's traveler, ready to print (the QR code opens the job's staff page). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const jobNumber = params.jobNumber ?? "";
  const { html, css } = await loadTravelers(request, context, { jobNumber });
  return { jobNumber, html, css };
}

export default function JobTravelerPage() {
  const { jobNumber, html, css } = useLoaderData<typeof loader>();
  return (
    <TravelerPrint
      title={`Traveler ${jobNumber}`}
      back={{ to: `/admin/job/${jobNumber}`, label: "Back to the job" }}
      html={html}
      css={css}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
