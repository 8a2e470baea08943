import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * One-click unsubscribe (RFC 8058): the mail provider POSTs to the List-Unsubscribe URL from its
 * own servers, possibly with `Origin: null`. The signed token in the path authorizes the request,
 * so the Origin check does not apply to it.
 */
const UNSUBSCRIBE_PATH = /^\/unsubscribe\/[^/]+$/;

/**
 * Decides whether a state-changing request comes from our own pages. The browser's Origin (or,
 * failing that, the Referer) must name the host the request was sent to or the configured public
 * URL. Requests without either header are non-browser clients (the console uses a Bearer token,
 * which a foreign page cannot send), so they pass.
 */
/** A POST that its signed URL token authorizes (one-click unsubscribe), whatever its Origin. */
export function isTokenAuthorizedPost(method: string, path: string): boolean {
  return method.toUpperCase() === "POST" && UNSUBSCRIBE_PATH.test(path);
}

export function isSameOrigin(input: {
  method: string;
  /** The request path without the query string. */
  path: string;
  origin: string | undefined;
  referer: string | undefined;
  host: string | undefined;
  publicUrl: string;
}): boolean {
  const method = input.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return true;
  if (isTokenAuthorizedPost(method, input.path)) return true;
  const source = input.origin && input.origin !== "null" ? input.origin : input.referer;
  if (!source) return input.origin !== "null";
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host.toLowerCase();
  } catch {
    return false;
  }
  const allowed = new Set<string>([new URL(input.publicUrl).host.toLowerCase()]);
  if (input.host) allowed.add(input.host.toLowerCase());
  return allowed.has(sourceHost);
}

export function originCheck(publicUrl: string): RequestHandler {
  return (req, res, next) => {
    const ok = isSameOrigin({
      method: req.method,
      path: req.path,
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.get("host"),
      publicUrl,
    });
    if (ok) {
      // Remix runs its own Origin-vs-Host check before actions and answers 500 to `Origin: null`;
      // for a token-authorized POST the Origin carries no meaning, so Remix does not see it.
      if (isTokenAuthorizedPost(req.method, req.path)) delete req.headers.origin;
      return next();
    }
    req.log?.warn({ origin: req.get("origin") }, "refused cross-origin request");
    res.status(403).type("text/plain").send("Cross-origin request refused.");
  };
}
