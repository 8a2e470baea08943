import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Decides whether a state-changing request comes from our own pages. The browser's Origin (or,
 * failing that, the Referer) must name the host the request was sent to or the configured public
 * URL. Requests without either header are non-browser clients (the console uses a Bearer token,
 * which a foreign page cannot send), so they pass.
 */
export function isSameOrigin(input: {
  method: string;
  origin: string | undefined;
  referer: string | undefined;
  host: string | undefined;
  publicUrl: string;
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
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
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.get("host"),
      publicUrl,
    });
    if (ok) return next();
    req.log?.warn({ origin: req.get("origin") }, "refused cross-origin request");
    res.status(403).type("text/plain").send("Cross-origin request refused.");
  };
}
