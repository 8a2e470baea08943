import { z } from "zod";
import { idSchema } from "./common.ts";

/**
 * Files on a job (issue 13): the accepted types, the size limit and the inputs of the file
 * procedures. Types are decided by the file's content (magic bytes), never by its name or the
 * browser's claim; the name only supplies the download name.
 */
export const FILE_MAX_BYTES = 100 * 1024 * 1024;
export const FILE_MAX_LABEL = "100 MB";
export const FILE_CAPTION_MAX = 500;
export const FILE_NAME_MAX = 255;

/** Accepted content types, in the order the help text lists them, with a human label. */
export const FILE_TYPES = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
  "image/gif": "GIF",
  "image/tiff": "TIFF",
  "image/svg+xml": "SVG",
  "application/postscript": "EPS / PostScript",
  "application/zip": "ZIP",
} as const;
export type FileContentType = keyof typeof FILE_TYPES;
export const FILE_CONTENT_TYPES = Object.keys(FILE_TYPES) as FileContentType[];

/** The one sentence that tells a user what may be uploaded. */
export const FILE_TYPES_HELP = `PDF, images (PNG, JPEG, WebP, GIF, TIFF, SVG), EPS or ZIP, up to ${FILE_MAX_LABEL}.`;

/** Types a browser may show inline (everything else downloads as an attachment). */
export const FILE_INLINE_TYPES: readonly string[] = [
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
];

export const fileCaptionSchema = z
  .string()
  .trim()
  .max(FILE_CAPTION_MAX, `A caption is at most ${FILE_CAPTION_MAX} characters.`);

export const staffFileListInput = z.object({ jobId: idSchema });
export const staffFileGetInput = z.object({ fileId: idSchema });
export const staffFileCaptionInput = z.object({ fileId: idSchema, caption: fileCaptionSchema });
export const staffFileVisibilityInput = z.object({
  fileId: idSchema,
  visibleToCustomer: z.boolean(),
});
export const staffFileRemoveInput = z.object({ fileId: idSchema });
export const customerFileListInput = z.object({ jobNumber: z.string().trim().min(1).max(40) });

export const jobFileOutput = z.object({
  id: z.number().int(),
  jobId: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number().int(),
  sha256: z.string(),
  caption: z.string(),
  visibleToCustomer: z.boolean(),
  uploadedBy: z.object({ kind: z.enum(["staff", "customer"]), name: z.string() }),
  hasThumbnail: z.boolean(),
  pageCount: z.number().int().nullable(),
  createdAt: z.date(),
  version: z.number().int(),
});
export type JobFile = z.infer<typeof jobFileOutput>;

/** What a customer sees of a file: never the sha256 or whether it is visible (it is). */
export const customerJobFileOutput = jobFileOutput.omit({
  sha256: true,
  visibleToCustomer: true,
  jobId: true,
  version: true,
});
export type CustomerJobFile = z.infer<typeof customerJobFileOutput>;
