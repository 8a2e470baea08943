import { existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { DesktopCore } from "../core/desktop-core.ts";
import { desktopRouter } from "../core/desktop-router.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The console in a normal browser: the built renderer as static files and the desktop router
 * at /trpc (the same router Electron serves over IPC), bound to loopback only.
 */
export async function startHarnessServer(options: {
  core: DesktopCore;
  rendererDir: string;
  port: number;
  host?: string;
}) {
  const trpc = createHTTPHandler({
    router: desktopRouter,
    basePath: "/trpc/",
    createContext: () => ({ core: options.core }),
  });
  let port = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://harness");
    if (url.pathname.startsWith("/trpc/") || url.pathname === "/events") {
      // Only this page may drive the core: no cross-site requests, no DNS-rebinding hosts.
      const host = req.headers.host ?? "";
      const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
      const origin = req.headers.origin;
      if (
        !allowedHosts.includes(host) ||
        (origin && !allowedHosts.some((h) => origin === `http://${h}`))
      ) {
        res.statusCode = 403;
        res.end("Forbidden");
        return;
      }
      if (url.pathname === "/events") {
        // The core's status, pushed as it changes (what Electron sends over IPC).
        res.writeHead(200, {
          "Content-Type": "text/event-stream; charset=utf-8",
          "Cache-Control": "no-store",
        });
        const send = (view: unknown) => res.write(`data: ${JSON.stringify(view)}\n\n`);
        send(options.core.statusView());
        const stop = options.core.onStatus(send);
        const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
        req.on("close", () => {
          stop();
          clearInterval(ping);
        });
        return;
      }
      trpc(req, res);
      return;
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, "");
    let file = join(options.rendererDir, rel);
    if (
      !file.startsWith(options.rendererDir) ||
      !existsSync(file) ||
      statSync(file).isDirectory()
    ) {
      file = join(options.rendererDir, "index.html");
    }
    res.setHeader("Content-Type", TYPES[extname(file)] ?? "application/octet-stream");
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-store");
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port, options.host ?? "127.0.0.1", resolve),
  );
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
