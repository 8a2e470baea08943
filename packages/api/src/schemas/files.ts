import { z } from "zod";
import { idempotencyKeySchema, idSchema, jobNumberSchema } from "./common.ts";

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

/** A download name: no folders, no control or direction-override characters, at most 255. */
export const fileNameSchema = z
  .string()
  .transform((raw) => cleanFileName(raw))
  .pipe(z.string().min(1, "The file needs a name.").max(FILE_NAME_MAX));

/** The last path segment, well-formed, without control/bidi characters, trimmed, ≤ 255 chars. */
export function cleanFileName(raw: string): string {
  const base = raw.toWellFormed().split(/[\\/]/).pop() ?? "";
  const clean = base
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069"]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  if ([...clean].length <= FILE_NAME_MAX) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : "";
  return (
    [...clean.slice(0, clean.length - ext.length)].slice(0, FILE_NAME_MAX - ext.length).join("") +
    ext
  );
}

/** The form fields that come with an upload (the file itself streams beside them). */
export const staffFileAttachInput = z.object({
  jobNumber: jobNumberSchema,
  fileName: fileNameSchema,
  caption: fileCaptionSchema.optional(),
  visibleToCustomer: z.boolean().optional(),
  idempotencyKey: idempotencyKeySchema,
});
export const customerFileAttachInput = z.object({
  jobNumber: jobNumberSchema,
  fileName: fileNameSchema,
  caption: fileCaptionSchema.optional(),
});

export const staffFileListInput = z.object({ jobNumber: jobNumberSchema });
export const staffFileGetInput = z.object({ fileId: idSchema });
export const staffFileCaptionInput = z.object({
  fileId: idSchema,
  caption: fileCaptionSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const staffFileVisibilityInput = z.object({
  fileId: idSchema,
  visibleToCustomer: z.boolean(),
  idempotencyKey: idempotencyKeySchema,
});
export const staffFileRemoveInput = z.object({
  fileId: idSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const customerFileListInput = z.object({ jobNumber: jobNumberSchema });

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
  createdAt: z.string(),
  version: z.number().int(),
});
export type JobFile = z.infer<typeof jobFileOutput>;

/** What a customer sees of a file: no staff names, no hash, no internal ids beyond the file's. */
export const customerJobFileOutput = z.object({
  id: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number().int(),
  caption: z.string(),
  uploadedByYou: z.boolean(),
  hasThumbnail: z.boolean(),
  pageCount: z.number().int().nullable(),
  createdAt: z.string(),
});
export type CustomerJobFile = z.infer<typeof customerJobFileOutput>;

/** For a file picker's `accept`: a hint only (the content decides). */
export const FILE_ACCEPT =
  ".pdf,.ai,.png,.jpg,.jpeg,.webp,.gif,.tif,.tiff,.svg,.eps,.ps,.zip,application/pdf,image/*,application/zip";

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "PDF · 3 pages · 1.2 MB": what a file is, for lists on every side. */
export function describeFile(file: {
  contentType: string;
  byteSize: number;
  pageCount: number | null;
}): string {
  const kind = FILE_TYPES[file.contentType as FileContentType] ?? "File";
  const pages =
    file.pageCount === null ? null : `${file.pageCount} ${file.pageCount === 1 ? "page" : "pages"}`;
  return [kind, pages, formatFileSize(file.byteSize)].filter(Boolean).join(" · ");
}

/** A short badge for files without a thumbnail ("PDF", "ZIP", "EPS"). */
export function fileBadge(contentType: string): string {
  const label = FILE_TYPES[contentType as FileContentType] ?? "File";
  return label.split(" ")[0] ?? "File";
}
