import { createHash } from "node:crypto";
import type { ApiServices } from "@traveler/api/server";
import { createCaller, createContextInner } from "@traveler/api/server";
import type { RequestHandler } from "express";
import type { RequestSession } from "./load-context.ts";

const CUSTOMER_PAGES = /^\/customer\/(dashboard|history|job\/[^/]+)(\.data)?$/;

/** The access a customer page records (the dashboard records none). */
function viewOf(
  path: string,
  query: Record<string, unknown>,
): { view: "job"; jobNumber: string } | { view: "history"; q?: string; page?: number } | null {
  const job = /^\/customer\/job\/([^/]+?)(\.data)?$/.exec(path);
  if (job) return { view: "job", jobNumber: decodeURIComponent(job[1]!) };
  if (/^\/customer\/history/.test(path)) {
    const q =
      typeof query.q === "string" && query.q.trim() ? query.q.trim().slice(0, 100) : undefined;
    const page = Number(query.page);
    return {
      view: "history",
      ...(q ? { q } : {}),
      ...(Number.isInteger(page) && page >= 1 && page <= 100_000 ? { page } : {}),
    };
  }
  return null;
}

/**
 * Conditional GETs for customer pages, for clients that hold a copy (they send If-None-Match;
 * pages are no-store, so browsers rarely do, but caches, scripts and the live module may): the
 * ETag combines the customer's `lastChange` (one indexed query), the build id and the URL, so an
 * unchanged page is a 304 without running the page loaders. Without If-None-Match nothing runs. The 304 carries no CSP header: the browser keeps the cached page's policy, whose
 * nonce matches the cached HTML.
 */
export function customerEtag(options: { services: ApiServices; buildId: string }): RequestHandler {
  return async (req, res, next) => {
    // Only a client that holds a copy asks: everyone else gets the page with no extra query.
    const ifNoneMatch = req.get("if-none-match");
    if (req.method !== "GET" || !ifNoneMatch || !CUSTOMER_PAGES.test(req.path)) return next();
    try {
      const session = await (res.locals.session as () => Promise<RequestSession | null>)();
      if (session?.actor.type !== "customer") return next();
      const caller = createCaller(
        createContextInner({
          services: options.services,
          actor: session.actor,
          sessionToken: session.sessionToken,
          request: {
            ip: req.ip ?? null,
            userAgent: req.get("user-agent") ?? null,
            requestId: String(req.id),
          },
        }),
      );
      const { etag } = await caller.customer.lastChange();
      const tag = `W/"${createHash("sha256")
        .update(`${etag}|${session.actor.customerId}|${options.buildId}|${req.originalUrl}`)
        .digest("base64url")
        .slice(0, 27)}"`;
      res.setHeader("ETag", tag);
      if (ifNoneMatch.split(/\s*,\s*/).includes(tag)) {
        // Not modified, but still an access: audited as the rendered page would have been.
        const view = viewOf(req.path, req.query);
        if (view) await caller.customer.recordView(view);
        res.removeHeader("Content-Security-Policy");
        res.setHeader("Cache-Control", "private, no-store");
        res.status(304).end();
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
