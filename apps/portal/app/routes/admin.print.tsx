import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dayInZone, staffTravelersInput } from "@traveler/api/schemas";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { TravelerPrint } from "../components/traveler-print.tsx";
import { apiFor } from "../lib/api.server.ts";
import { formatDay } from "../lib/format.ts";
import { JOB_STATUS_LABEL } from "../lib/job-status.ts";
import { requireStaff } from "../lib/session.server.ts";
import { loadTravelers } from "../lib/travelers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · Shop staff` : "Print travelers" },
];

/**
 * A batch of travelers, one per page: `?day=YYYY-MM-DD` or `?day=today` (open jobs due that shop
 * day) or `?status=<status>` (a board column).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const params = new URL(request.url).searchParams;
  let day = params.get("day");
  if (day === "today") {
    // The shop's today, not the server's (a link that stays right after midnight UTC).
    const shop = await apiFor(request, context, session).auth.shop();
    day = dayInZone(new Date(), shop.timeZone);
  }
  const status = params.get("status");
  const parsed = staffTravelersInput.safeParse(day !== null ? { day } : { status });
  if ((day === null) === (status === null) || !parsed.success) {
    throw data(
      {
        message:
          "Choose what to print: a day as ?day=YYYY-MM-DD (or ?day=today), or a board column as ?status=in_progress.",
      },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const { html, css, count, total } = await loadTravelers(request, context, input);
  const what =
    "day" in input
      ? `due ${formatDay(input.day)}`
      : "status" in input
        ? JOB_STATUS_LABEL[input.status]
        : "";
  const title = `Travelers: ${what}`;
  const empty =
    "day" in input
      ? `No open jobs are due ${formatDay(input.day)}.`
      : `No jobs in the “${what}” column.`;
  return { title, html, css, count, total, empty };
}

export default function PrintBatchPage() {
  const { title, html, css, count, total, empty } = useLoaderData<typeof loader>();
  return (
    <TravelerPrint
      title={title}
      back={{ to: "/admin", label: "Back to the job board" }}
      html={html}
      css={css}
    >
      <p className="print-toolbar text-body-secondary" aria-live="polite">
        {count === 0
          ? empty
          : `${count} traveler${count === 1 ? "" : "s"}, one per page${
              total > count ? ` (the first ${count} of ${total} jobs)` : ""
            }.`}
      </p>
    </TravelerPrint>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
