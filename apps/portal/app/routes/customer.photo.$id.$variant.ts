import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiFor, isNotFound } from "../lib/api.server.ts";
import { requireCustomer } from "../lib/session.server.ts";

/** A photo of one of the signed-in customer's jobs; anything else is the same 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireCustomer(request, context);
  const photoId = Number(params.id);
  const variant = params.variant;
  const notFound = () => new Response("Not found", { status: 404 });
  if (
    !Number.isSafeInteger(photoId) ||
    photoId < 1 ||
    (variant !== "thumb" && variant !== "full")
  ) {
    return notFound();
  }
  try {
    const photo = await apiFor(request, context, session).customer.photo({ photoId, variant });
    return new Response(Buffer.from(photo.base64, "base64"), {
      headers: {
        "Content-Type": photo.contentType,
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (isNotFound(error)) return notFound();
    throw error;
  }
}
