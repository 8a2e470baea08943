/**
 * Where a proof's file is read from (the files feature's download routes, authorized like the
 * job) and how a page shows it: images browsers draw inline (pins sit on them), anything else
 * (PDF, ...) as a link that opens in the phone's own viewer.
 */
export type FileAudience = "customer" | "admin";

export function proofFileUrl(audience: FileAudience, jobNumber: string, fileId: number): string {
  return `/${audience}/job/${encodeURIComponent(jobNumber)}/files/${fileId}`;
}

const INLINE_IMAGES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);

export function isInlineImage(contentType: string): boolean {
  return INLINE_IMAGES.has(contentType);
}

/** "PDF", "PNG image", ... for link text. */
export function fileKind(contentType: string): string {
  if (contentType === "application/pdf") return "PDF";
  const image = /^image\/([a-z0-9.+-]+)$/.exec(contentType);
  if (image) return `${image[1]!.toUpperCase().replace("+XML", "")} image`;
  return "file";
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
