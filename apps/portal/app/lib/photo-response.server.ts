import { isNotFound } from "./api.server.ts";

type PhotoRead = (
  photoId: number,
  variant: "thumb" | "full",
) => Promise<{
  contentType: string;
  base64: string;
}>;

/**
 * A photo's bytes as an image response (privately cacheable), read through the API as the
 * signed-in person; a malformed address or a photo this person may not see is the same 404.
 */
export async function photoResponse(
  params: { id?: string | undefined; variant?: string | undefined },
  read: PhotoRead,
): Promise<Response> {
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
    const photo = await read(photoId, variant);
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
