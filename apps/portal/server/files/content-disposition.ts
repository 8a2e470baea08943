/**
 * A `Content-Disposition` header for a stored file name (RFC 6266): an ASCII fallback in
 * `filename` (anything else, quotes, backslashes and percent signs replaced by `_`) and the
 * exact name in `filename*` (RFC 5987). The name was cleaned at upload (no paths, no control or
 * direction-override characters), but this function relies on nothing of that.
 */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const name = fileName.toWellFormed();
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
