import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiFor } from "../lib/api.server.ts";
import { photoResponse } from "../lib/photo-response.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

/** A photo of one of the signed-in customer's jobs; anything else is the same 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const api = apiFor(request, context, session);
  return photoResponse(params, (photoId, variant) => api.customer.photo({ photoId, variant }));
}
