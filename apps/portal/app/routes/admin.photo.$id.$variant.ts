import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiFor } from "../lib/api.server.ts";
import { photoResponse } from "../lib/photo-response.server.ts";
import { requireStaff } from "../lib/session.server.ts";

/** A job photo for shop staff (hidden ones too); anything unknown is the same 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const api = apiFor(request, context, session);
  return photoResponse(params, (photoId, variant) =>
    api.staff.jobs.photos.get({ photoId, variant }),
  );
}
