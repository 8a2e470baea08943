import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import {
  MAX_PHOTO_BYTES,
  staffPhotoAddInput,
  staffPhotoVisibilityInput,
} from "@traveler/api/schemas";
import { TRPCError } from "@trpc/server";
import type { apiFor } from "./api.server.ts";
import { firstErrors, humanErrors } from "./form-errors.ts";

/** What the photo forms say after a post. */
export interface PhotoResult {
  photo: { ok: boolean; message: string; errors: Record<string, string> };
}

const TOO_LARGE =
  "The photo is larger than 10 MB. Choose a smaller one (or lower the camera's resolution).";
/** The multipart form around a photo: its other fields and the part headers. */
const FORM_OVERHEAD = 64 * 1024;

const refused = (status: number, message: string, errors: Record<string, string> = {}) =>
  data<PhotoResult>({ photo: { ok: false, message, errors } }, { status });

/** A post that says it carries more than a photo may be, answered without reading it. */
export function uploadTooLarge(request: Request) {
  const length = Number(request.headers.get("content-length") ?? 0);
  return length > MAX_PHOTO_BYTES + FORM_OVERHEAD
    ? refused(413, TOO_LARGE, { photo: TOO_LARGE })
    : null;
}

export function isPhotoIntent(form: FormData): boolean {
  const intent = form.get("intent");
  return intent === "photo-add" || intent === "photo-visibility" || intent === "photo-remove";
}

const addForm = staffPhotoAddInput.pick({
  caption: true,
  visibleToCustomer: true,
  idempotencyKey: true,
});
const photoForm = staffPhotoVisibilityInput.pick({ photoId: true, idempotencyKey: true });

/** The staff job page's photo forms: add (multipart), show/hide, remove; all through the API. */
export async function photoAction(
  api: ReturnType<typeof apiFor>,
  jobNumber: string,
  form: FormData,
) {
  const intent = form.get("intent");
  try {
    if (intent === "photo-add") {
      const file = form.get("photo");
      if (!(file instanceof File) || file.size === 0) {
        return refused(400, "Choose a photo to upload.", { photo: "Choose a photo to upload." });
      }
      if (file.size > MAX_PHOTO_BYTES) return refused(413, TOO_LARGE, { photo: TOO_LARGE });
      const submission = parseWithZod(form, { schema: addForm, error: humanErrors });
      if (submission.status !== "success") {
        return refused(400, "Please correct the photo's details.", firstErrors(submission.error));
      }
      const base64 = Buffer.from(await file.arrayBuffer()).toString("base64");
      const { photo } = await api.staff.jobs.photos.add({
        jobNumber,
        base64,
        ...submission.value,
        visibleToCustomer: submission.value.visibleToCustomer === true,
      });
      return data<PhotoResult>({
        photo: {
          ok: true,
          message: photo.visibleToCustomer
            ? "Photo added. The customer can see it."
            : "Photo added. Only shop staff can see it.",
          errors: {},
        },
      });
    }
    const submission = parseWithZod(form, { schema: photoForm, error: humanErrors });
    if (submission.status !== "success") return refused(400, "That photo could not be found.");
    if (intent === "photo-remove") {
      await api.staff.jobs.photos.remove(submission.value);
      return data<PhotoResult>({ photo: { ok: true, message: "Photo removed.", errors: {} } });
    }
    const show = form.get("visibleToCustomer") === "true";
    await api.staff.jobs.photos.setVisibility({ ...submission.value, visibleToCustomer: show });
    return data<PhotoResult>({
      photo: {
        ok: true,
        message: show
          ? "The customer can now see the photo."
          : "The photo is now hidden from the customer.",
        errors: {},
      },
    });
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "PAYLOAD_TOO_LARGE") return refused(413, TOO_LARGE, { photo: TOO_LARGE });
      if (error.code === "BAD_REQUEST") {
        return refused(400, error.message, intent === "photo-add" ? { photo: error.message } : {});
      }
      if (error.code === "NOT_FOUND") return refused(404, error.message);
    }
    throw error;
  }
}
