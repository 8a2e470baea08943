import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isDatabaseUnavailable } from "@traveler/db/errors";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { renderToString } from "react-dom/server";
import { FaultsProvider } from "./lib/faults.tsx";
import { NonceProvider } from "./lib/nonce.tsx";
import { PageAssetsProvider } from "./lib/page-assets.tsx";

/** Set once the stylesheet was sent inline (see PageAssets). */
export const CSS_COOKIE = "tcss";

/**
 * Every error a loader or action throws passes here first (unsanitised), the one place that turns
 * them into answers: a database that went away makes the request a 503 with a page that says so;
 * an API refusal (bad input, not found, not allowed) keeps its 4xx status and safe message;
 * anything else is a logged 500.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isDatabaseUnavailable(error)) {
    context.faults.databaseUnavailable = true;
    return;
  }
  if (error instanceof TRPCError) {
    const status = getHTTPStatusCodeFromError(error);
    if (status === 503) {
      context.faults.databaseUnavailable = true;
      return;
    }
    if (status < 500) {
      context.faults.apiError ??= { status, message: error.message };
      return;
    }
  }
  console.error(error);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  if (loadContext.faults.databaseUnavailable && responseStatusCode >= 500) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", "5");
  } else if (loadContext.faults.apiError && responseStatusCode >= 500) {
    responseStatusCode = loadContext.faults.apiError.status;
  }
  // The stylesheet was inlined: remember that this browser has now fetched it (prefetch), so its
  // next pages link it from the cache instead.
  const css = loadContext.assets.css;
  if (css?.inline) {
    responseHeaders.append(
      "Set-Cookie",
      `${CSS_COOKIE}=${css.href.replace(/[^\w.-]/g, "")}; Path=/; Max-Age=31536000; SameSite=Lax`,
    );
  }
  // Pages have all their data before they render (no deferred parts, no React in the browser):
  // one string, written in one piece, is the cheapest answer.
  const html = renderToString(
    <NonceProvider value={nonce}>
      <FaultsProvider value={loadContext.faults}>
        <PageAssetsProvider value={loadContext.assets}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </PageAssetsProvider>
      </FaultsProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, {
    headers: responseHeaders,
    status: responseStatusCode,
  });
}
