import { randomUUID } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import {
  appRouter,
  batchProblem,
  createContextFromHeaders,
  MAX_BATCH_SIZE,
  readCookie,
  resolveSession,
  sessionCookieName,
} from "@traveler/api/server";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@traveler/db/errors";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { PortalConfig } from "./config.ts";
import { customerEtag } from "./customer-etag.ts";
import { customerEvents } from "./customer-events.ts";
import { fileRoutes } from "./files/file-routes.ts";
import type { RequestSession } from "./load-context.ts";
import { originCheck } from "./origin-check.ts";
import { cspNonce, securityHeaders } from "./security-headers.ts";
import type { PortalServices } from "./services.ts";
import { staffEvents } from "./staff-events.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;
/** The cookie that says this browser has the stylesheet cached (see app/entry.server.tsx). */
const CSS_COOKIE = "tcss";
const cssTag = (href: string) => href.replace(/[^\w.-]/g, "");

/**
 * Whether a tRPC request carries sync pull pages (bulk rows, compressed at level 1). A pull may
 * come in a batch: the console's first pull travels with its other reads.
 */
export function carriesSyncPull(path: string): boolean {
  const prefix = "/api/trpc/";
  return path.startsWith(prefix) && path.slice(prefix.length).split(",").includes("sync.pull");
}

/** Request bodies on /api/trpc: 1 MB, photo uploads (base64 of up to 10 MB) 15 MB. */
export const API_BODY_LIMIT = 1_048_576;
export const PHOTO_BODY_LIMIT = 15 * 1_048_576;
const PHOTO_PROCEDURE = "staff.jobs.photos.add";

/**
 * Form posts to pages: 1 MB; the staff job page takes a photo (10 MB, answered with a readable
 * message up to this limit by the page itself). Beyond: 413 before the body is read.
 */
export const PAGE_BODY_LIMIT = 1_048_576;
export const PAGE_UPLOAD_LIMIT = 12 * 1_048_576;
const UPLOAD_PAGES = /^\/admin\/job\/[^/]+\/?$/;

/** Paths whose pages are private to the signed-in person: never stored by browsers or proxies. */
const PRIVATE_PAGES = /^\/(customer|admin|dev)(\/|$)/;

export interface CreateAppOptions {
  config: PortalConfig;
  services: PortalServices;
  log: Logger;
  /** Production: the built server and the client assets dir. Dev: Vite's middleware + loader. */
  /**
   * The built app (production: the object itself, so Remix derives its route tables once), or
   * a loader called per request (development: Vite rebuilds).
   */
  build: ServerBuild | (() => Promise<ServerBuild>);
  clientDir?: string;
  /** Browser modules (name -> URL) and, in production, the built stylesheet to inline. */
  assets?: {
    modules: Record<string, string>;
    inlineModules?: Record<string, string>;
    css: { href: string; text: string } | null;
  };
  viteMiddleware?: express.RequestHandler;
}

export function createApp(options: CreateAppOptions): express.Express {
  const { config, services, log } = options;
  const app = express();
  app.disable("x-powered-by");
  // Whose X-Forwarded-For to believe (TRUST_PROXY): the client IP drives rate limits and audit.
  app.set("trust proxy", config.trustProxy);

  // One short line per request (id, method, path, status, time); headers only at debug level.
  const verbose = log.isLevelEnabled("debug");
  app.use(
    pinoHttp({
      logger: log,
      // Never log session tokens.
      redact: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
      genReqId(req, res) {
        const given = req.headers["x-request-id"];
        const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      ...(verbose
        ? {}
        : {
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split("?")[0],
              }),
              res: (res: { statusCode: number }) => ({ status: res.statusCode }),
            },
          }),
      customSuccessMessage: (req, res, ms) =>
        `${req.method} ${req.url?.split("?")[0]} ${res.statusCode} ${Math.round(ms)} ms`,
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    }),
  );
  // A path that is not valid percent-encoded UTF-8 (e.g. %ED%A0%80, a lone surrogate) is a bad
  // request for every route, answered here before any router tries to decode it.
  app.use((req, res, next) => {
    try {
      decodeURIComponent(req.path);
    } catch {
      res.status(400).type("text/plain").send("This address is not valid.");
      return;
    }
    next();
  });
  app.use(cspNonce);
  app.use(securityHeaders({ secure: config.secure }));
  // gzip, except server-sent events (they must reach the browser as they are written). Sync
  // pages (megabytes of JSON for a console's first sign-in) use the fastest level: the CPU saved
  // is worth more than the last 20% of bytes.
  const compressible: compression.CompressionFilter = (req, res) =>
    !String(req.headers.accept ?? "").includes("text/event-stream") &&
    !String(res.getHeader("Content-Type") ?? "").includes("text/event-stream") &&
    compression.filter(req, res);
  const pages = compression({ filter: compressible });
  const bulk = compression({ filter: compressible, level: 1 });
  app.use((req, res, next) => (carriesSyncPull(req.path) ? bulk : pages)(req, res, next));

  app.get("/healthz", (_req, res) => {
    res.type("text/plain").send("ok");
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await services.database.pool.query("select 1");
      res.type("text/plain").send("ready");
    } catch (error) {
      log.error({ err: error }, "readiness check failed");
      res.status(503).type("text/plain").send("database unavailable");
    }
  });

  app.use(originCheck(config.publicUrl));

  // One session lookup per request, whoever asks first (the ETag check, a loader).
  app.use((req, res, next) => {
    let found: Promise<RequestSession | null> | undefined;
    res.locals.session = () => {
      found ??= (async () => {
        const token = readCookie(req.headers.cookie ?? null, sessionCookieName(config.secure));
        return token ? resolveSession(services.api, token, { touch: true }) : null;
      })();
      return found;
    };
    next();
  });

  // The API over HTTP for the consoles (queries, mutations, SSE subscriptions). Answers are
  // private (no-store); a batch carries at most MAX_BATCH_SIZE calls and never a sign-in or
  // password call; bodies are capped (API_BODY_LIMIT, photo uploads PHOTO_BODY_LIMIT) with 413.
  const trpcOptions = {
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req }: { req: express.Request }) =>
      createContextFromHeaders(services.api, {
        cookieHeader: req.headers.cookie,
        authorization: req.headers.authorization,
        ip: req.ip ?? null,
        userAgent: req.get("user-agent") ?? null,
        requestId: String(req.id),
      }),
    onError: ({ error, path }: { error: { code: string }; path?: string | undefined }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error, path }, "API error");
    },
  };
  const api = createExpressMiddleware({ ...trpcOptions, maxBodySize: API_BODY_LIMIT });
  const photoApi = createExpressMiddleware({ ...trpcOptions, maxBodySize: PHOTO_BODY_LIMIT });
  app.use("/api/trpc", (req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    const paths = decodeURIComponent(req.path.replace(/^\//, "")).split(",");
    const problem = req.query.batch ? batchProblem(paths) : null;
    if (problem) {
      res.status(400).json({
        error: { message: problem, code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400 } },
      });
      return;
    }
    const limit =
      paths.length === 1 && paths[0] === PHOTO_PROCEDURE ? PHOTO_BODY_LIMIT : API_BODY_LIMIT;
    if (Number(req.get("content-length") ?? 0) > limit) {
      res.status(413).json({
        error: {
          message: `The request is larger than ${Math.round(limit / 1_048_576)} MB.`,
          code: -32600,
          data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
        },
      });
      return;
    }
    (limit === PHOTO_BODY_LIMIT ? photoApi : api)(req, res, next);
  });
  app.get("/customer/events", customerEvents({ services: services.api, secure: config.secure }));
  app.get("/admin/events", staffEvents({ services: services.api, secure: config.secure }));
  // File uploads stream (never through the page body limit below), downloads stream with ranges.
  app.use(fileRoutes(services.api));

  // Page bodies are read whole by the form parser: capped by their declared length (browsers
  // always declare it for a form; a body without one is refused).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const declared = req.get("content-length");
    const limit = UPLOAD_PAGES.test(req.path) ? PAGE_UPLOAD_LIMIT : PAGE_BODY_LIMIT;
    if (declared === undefined && req.get("transfer-encoding")) {
      res.status(411).type("text/plain").send("Please send the form again.");
      return;
    }
    if (Number(declared ?? 0) > limit) {
      res
        .status(413)
        .type("text/plain")
        .send(`The form is larger than ${Math.round(limit / 1_048_576)} MB.`);
      return;
    }
    next();
  });

  if (options.viteMiddleware) {
    app.use(options.viteMiddleware);
  } else if (options.clientDir) {
    // Hashed build assets never change: cache for a year.
    app.use(
      "/assets",
      express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: "1y" }),
    );
    // Only addresses that name a file (favicon.svg, robots.txt): pages never touch the disk.
    const files = express.static(options.clientDir, { maxAge: "1h" });
    app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? files(req, res, next) : next()));
  }

  app.use((req, res, next) => {
    if (PRIVATE_PAGES.test(req.path)) res.setHeader("Cache-Control", "private, no-store");
    next();
  });

  const buildId = randomUUID().slice(0, 8);
  app.use(customerEtag({ services: services.api, buildId }));
  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: config.production ? "production" : "development",
      getLoadContext(req, res): AppLoadContext {
        const css = options.assets?.css ?? null;
        const cached = css
          ? readCookie(req.headers.cookie ?? null, CSS_COOKIE) === cssTag(css.href)
          : true;
        return {
          services: services.api,
          config,
          cspNonce: res.locals.cspNonce as string,
          requestId: String(req.id),
          ip: req.ip ?? null,
          buildId,
          faults: { databaseUnavailable: false },
          session: res.locals.session as () => Promise<RequestSession | null>,
          assets: {
            modules: options.assets?.modules ?? {},
            inlineModules: options.assets?.inlineModules ?? {},
            css: css ? { href: css.href, inline: cached ? null : css.text } : null,
          },
        };
      },
    }),
  );
  // Whatever escaped the handlers above: never a stack trace or a driver message.
  app.use(
    (error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const unavailable = isDatabaseUnavailable(error);
      if (unavailable) log.warn({ err: error, path: req.path }, "database unavailable");
      else log.error({ err: error, path: req.path }, "request failed");
      if (res.headersSent) {
        res.end();
        return;
      }
      if (unavailable) res.set("Retry-After", "5");
      res
        .status(unavailable ? 503 : 500)
        .type("text/plain")
        .send(
          unavailable
            ? DATABASE_UNAVAILABLE_MESSAGE
            : `Something went wrong on our side (request ${String(req.id)}).`,
        );
    },
  );
  return app;
}
