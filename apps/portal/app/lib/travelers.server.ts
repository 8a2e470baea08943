import type { AppLoadContext } from "@remix-run/node";
import { renderTravelers } from "@traveler/api/print";
import type { StaffTravelersInput } from "@traveler/api/schemas";
import { apiFor, orNotFound } from "./api.server.ts";
import { requireStaff } from "./session.server.ts";

/**
 * The travelers a print page shows (staff only): read through the API (same authorization as the
 * staff job page; an unknown job is the 404 page) and rendered by the one traveler renderer the
 * console uses too.
 */
export async function loadTravelers(
  request: Request,
  context: AppLoadContext,
  input: StaffTravelersInput,
) {
  const session = await requireStaff(request, context);
  const batch = await orNotFound(
    () => apiFor(request, context, session).staff.print.travelers(input),
    "We could not find that job.",
  );
  const { html, css } = await renderTravelers({
    shop: batch.shop,
    jobs: batch.jobs,
    publicUrl: batch.publicUrl,
    printedAt: new Date(),
  });
  return { html, css, count: batch.jobs.length, total: batch.total };
}
