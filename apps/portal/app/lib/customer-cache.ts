import type { HeadersFunction } from "@remix-run/node";

/**
 * Customer pages are private and revalidated on every visit; the ETag (set by the server's
 * customer-etag middleware) makes an unchanged page a 304.
 */
export const customerPageHeaders: HeadersFunction = () => ({
  "Cache-Control": "private, no-cache",
});
