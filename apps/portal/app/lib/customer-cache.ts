import type { HeadersFunction } from "@remix-run/node";

/**
 * Customer pages are private: never stored (a shared computer's back button or cache must not show
 * them after sign-out). A client that still sends If-None-Match gets a 304 for an unchanged page
 * (the server's customer-etag middleware).
 */
export const customerPageHeaders: HeadersFunction = () => ({
  "Cache-Control": "private, no-store",
});
