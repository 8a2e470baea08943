/** Test support only (core tests, e2e, bench): the real API server code never ships in the console. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  type ApiServices,
  appRouter,
  createCaller,
  createChangeFeed,
  createContextFromHeaders,
  createContextInner,
  systemClock,
} from "@traveler/api/server";
import { hashPassword } from "@traveler/db";
import type { TestDatabase } from "@traveler/db/testing";
import type {} from "@traveler/db/testing/global-setup";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import express from "express";
import { fileRoutes } from "../../../portal/server/files/file-routes.ts";

export const STAFF_PASSWORD = "console-test-password";

/**
 * The real API (appRouter over real PostgreSQL, LISTEN/NOTIFY change feed) served over HTTP at
 * `/api/trpc` from a plain Node http server, as the portal serves it. Tests stop and restart it
 * on the same port to play "the server went away", and can cut the response of the next
 * mutation after the server applied it ("killed mid-push").
 */
export async function startApiTestServer(database: TestDatabase, options: { port?: number } = {}) {
  const changes = createChangeFeed({ db: database.db, mode: "listen", pool: database.pool });
  await changes.start();
  const services: ApiServices = {
    db: database.db,
    clock: systemClock,
    config: {
      publicUrl: "http://portal.test",
      altchaHmacKey: "test-altcha-key",
      sessionMaxAgeDays: 30,
    },
    changes,
  };
  let cutNextMutation = false;
  let mutationsSeen = 0;
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req }) =>
      createContextFromHeaders(services, {
        authorization: req.headers.authorization ?? null,
        cookieHeader: req.headers.cookie ?? null,
        ip: req.socket.remoteAddress ?? null,
        userAgent: req.headers["user-agent"] ?? null,
      }),
  });
  const sockets = new Set<import("node:net").Socket>();
  // The portal's file routes (uploads and downloads are plain HTTP, not tRPC), as it mounts them.
  const files = express().use(fileRoutes(services));
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/admin/job/") || req.url?.startsWith("/admin/requests/")) {
      files(req, res);
      return;
    }
    if (!req.url?.startsWith("/api/trpc/")) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (req.method === "POST") {
      mutationsSeen += 1;
      if (cutNextMutation) {
        cutNextMutation = false;
        // Let the API apply the write, then drop the connection instead of answering.
        const end = res.end.bind(res);
        res.end = ((..._args: unknown[]) => {
          req.socket.destroy();
          return res;
        }) as typeof res.end;
        void end;
      }
    }
    handler(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let port = options.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  let running = true;

  const stop = async () => {
    if (!running) return;
    running = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };

  return {
    url: () => `http://127.0.0.1:${port}`,
    services,
    changes,
    mutationsSeen: () => mutationsSeen,
    /** The next POST is applied by the API but its response never arrives. */
    cutNextMutation() {
      cutNextMutation = true;
    },
    stop,
    async start() {
      if (running) return;
      running = true;
      await listen();
    },
    async close() {
      await stop();
      await changes.close();
    },
  };
}

/** A staff account with a known password; returns an in-process caller acting as them. */
export async function createStaff(
  database: TestDatabase,
  services: ApiServices,
  username: string,
  role: "admin" | "staff" = "staff",
) {
  const row = await database.db
    .insertInto("staff_users")
    .values({
      username,
      display_name: `${username[0]!.toUpperCase()}${username.slice(1)} Staff`,
      role,
      password_hash: await hashPassword(STAFF_PASSWORD),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const caller = createCaller(
    createContextInner({
      services,
      actor: {
        type: "staff",
        staffId: row.id,
        role,
        name: username,
        username,
        sessionId: "0".repeat(64),
        idleExpiresAt: new Date(Date.now() + 3_600_000),
      },
    }),
  );
  return { id: row.id, username, caller };
}
