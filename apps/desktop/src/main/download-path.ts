import { existsSync } from "node:fs";
import { extname, join } from "node:path";

/**
 * Where a file the console downloads (a job file, a message attachment) is saved before the
 * computer's own app opens it. The name comes from whoever uploaded the file, so it is made safe
 * here: no folders, no control or reserved characters, no Windows device names, a bounded
 * length, and an extension that matches the file's checked content type (a PDF named
 * "invoice.exe" is saved as "invoice.exe.pdf" and opens in the PDF viewer, never as a program).
 * An existing file is never overwritten: "proof.pdf", "proof (2).pdf", …
 */
const EXTENSIONS: Record<string, readonly string[]> = {
  "application/pdf": [".pdf", ".ai"],
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/webp": [".webp"],
  "image/gif": [".gif"],
  "image/tiff": [".tif", ".tiff"],
  "image/svg+xml": [".svg"],
  "application/postscript": [".eps", ".ps", ".ai"],
  "application/zip": [".zip"],
};

const WINDOWS_DEVICES = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
const NAME_MAX = 120;

export function safeDownloadName(fileName: string, contentType: string): string {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  let name = fileName
    .normalize("NFC")
    // Lone surrogates, control characters and what file systems refuse or treat as paths.
    .replace(/[\p{Cs}\p{Cc}<>:"/\\|?*]/gu, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (name === "" || WINDOWS_DEVICES.test(name)) name = `file${name ? `-${name}` : ""}`;
  const allowed = EXTENSIONS[type];
  const ext = extname(name);
  const suffix = allowed ? (allowed.includes(ext.toLowerCase()) ? "" : allowed[0]!) : ".bin";
  const keepExt = suffix === "" ? ext : "";
  const stem = name.slice(0, name.length - keepExt.length);
  return `${stem.slice(0, NAME_MAX)}${keepExt}${suffix}`;
}

/** A path in `folder` for `fileName` that no file has yet. */
export function uniqueDownloadPath(
  folder: string,
  fileName: string,
  contentType: string,
  exists: (path: string) => boolean = existsSync,
): string {
  const name = safeDownloadName(fileName, contentType);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const path = join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!exists(path)) return path;
  }
}
