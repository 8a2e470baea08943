import { randomUUID } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { appRouter, createContextFromHeaders } from "@traveler/api/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { PortalConfig } from "./config.ts";
import { customerEtag } from "./customer-etag.ts";
import { customerEvents } from "./customer-events.ts";
import "./load-context.ts";
import { originCheck } from "./origin-check.ts";
import { cspNonce, securityHeaders } from "./security-headers.ts";
import type { PortalServices } from "./services.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export interface CreateAppOptions {
  config: PortalConfig;
  services: PortalServices;
  log: Logger;
  /** Production: the built server and the client assets dir. Dev: Vite's middleware + loader. */
  build: () => Promise<ServerBuild>;
  clientDir?: string;
  viteMiddleware?: express.RequestHandler;
}

export function createApp(options: CreateAppOptions): express.Express {
  const { config, services, log } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

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
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    }),
  );
  app.use(cspNonce);
  app.use(securityHeaders({ secure: config.secure }));
  app.use(
    compression({
      // Server-sent events must reach the browser as they are written.
      filter: (req, res) =>
        !String(req.headers.accept ?? "").includes("text/event-stream") &&
        compression.filter(req, res),
    }),
  );

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

  // The API over HTTP for the consoles (queries, mutations, SSE subscriptions).
  app.use(
    "/api/trpc",
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req }) =>
        createContextFromHeaders(services.api, {
          cookieHeader: req.headers.cookie,
          authorization: req.headers.authorization,
          ip: req.ip ?? null,
          userAgent: req.get("user-agent") ?? null,
          requestId: String(req.id),
        }),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error, path }, "API error");
      },
    }),
  );
  app.get("/customer/events", customerEvents({ services: services.api, secure: config.secure }));

  if (options.viteMiddleware) {
    app.use(options.viteMiddleware);
  } else if (options.clientDir) {
    // Hashed build assets never change: cache for a year.
    app.use(
      "/assets",
      express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: "1y" }),
    );
    app.use(express.static(options.clientDir, { maxAge: "1h" }));
  }

  const buildId = randomUUID().slice(0, 8);
  app.use(customerEtag({ services: services.api, secure: config.secure, buildId }));
  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: config.production ? "production" : "development",
      getLoadContext(req, res): AppLoadContext {
        return {
          services: services.api,
          config,
          cspNonce: res.locals.cspNonce as string,
          requestId: String(req.id),
          ip: req.ip ?? null,
          buildId,
        };
      },
    }),
  );
  return app;
}
