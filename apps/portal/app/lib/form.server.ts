import { data } from "@remix-run/node";

/**
 * The posted form, or a 400 when the body cannot be read as one (a malformed multipart body,
 * a wrong content type): a bad request, never a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: "The form could not be read. Please try again." }, { status: 400 });
  }
}
