import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { DEMO_LOGINS } from "@traveler/db";
import { pino } from "pino";
import pretty from "pino-pretty";
import { createApp } from "./server/app.ts";
import { buildConfig } from "./server/config.ts";
import { startPortalEmailWorker } from "./server/email-worker.ts";
import { readPortalEnv } from "./server/env.ts";
import { startUploadSweeper } from "./server/files/upload-sweeper.ts";
import { startServices } from "./server/services.ts";

/** Browser modules up to this size are written into the pages instead of fetched. */
const INLINE_MODULE_LIMIT = 4_096;

const config = buildConfig(readPortalEnv());
const log =
  config.logFormat === "json"
    ? pino({ level: config.logLevel, base: { service: "portal" } })
    : pino(
        { level: config.logLevel, base: null },
        pretty({
          singleLine: true,
          translateTime: "SYS:HH:MM:ss",
          ignore: "pid,hostname,req,res,responseTime,reqId",
          sync: true,
        }),
      );
const services = await startServices(config, log);
const emailWorker = startPortalEmailWorker(config, services, log);
const uploadSweeper = startUploadSweeper(services.database.db, log);

let app: ReturnType<typeof createApp>;
if (config.production) {
  const buildDir = fileURLToPath(new URL("./build/", import.meta.url));
  const build = (await import(`${buildDir}server/index.js`)) as ServerBuild;
  app = createApp({
    config,
    services,
    log,
    build,
    clientDir: `${buildDir}client`,
    assets: productionAssets(build, `${buildDir}client`),
  });
} else {
  const vite = await import("vite").then((v) =>
    v.createServer({ server: { middlewareMode: true } }),
  );
  app = createApp({
    config,
    services,
    log,
    build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    viteMiddleware: vite.middlewares,
    // Vite serves the modules' TypeScript sources as browser modules in development.
    assets: {
      modules: Object.fromEntries(
        readdirSync(fileURLToPath(new URL("./app/modules/", import.meta.url)))
          .filter((f) => f.endsWith(".ts"))
          .map((f) => [f.replace(/\.ts$/, ""), `/app/modules/${f}`]),
      ),
      css: null,
    },
  });
}

const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const reach =
    config.host === "127.0.0.1" || config.host === "localhost"
      ? "this computer only; set HOST=0.0.0.0 to accept other machines"
      : `all interfaces (HOST=${config.host})`;
  const where = `http://localhost:${port}`;
  if (config.logFormat === "json") {
    log.info({ url: where, host: config.host, publicUrl: config.publicUrl }, "portal listening");
    if (services.demo) log.info({ logins: DEMO_LOGINS }, "demo logins");
    return;
  }
  // For a person at a terminal: plain lines.
  const lines = [
    "",
    `Traveler portal: ${where}`,
    `  reachable from ${reach}; links in emails use ${config.publicUrl}`,
  ];
  if (services.demo) {
    lines.push(
      "",
      "Demo logins (password after the slash):",
      `  shop admin   ${DEMO_LOGINS.admin.username} / ${DEMO_LOGINS.admin.password}`,
      `  shop staff   ${DEMO_LOGINS.staff.username} / ${DEMO_LOGINS.staff.password}`,
      `  customer     maria@chenbakery.example (or any demo customer) / ${DEMO_LOGINS.customerPassword}`,
    );
  }
  if (!config.smtpUrl) {
    lines.push(
      "",
      `Emails are not sent (SMTP_URL is not set): read them at ${where}/dev/mail as admin.`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: shutting down`);
  // Never hang on the way out (a stuck request or database close).
  setTimeout(() => process.exit(1), 5_000).unref();
  server.close();
  server.closeAllConnections();
  await emailWorker.stop();
  uploadSweeper.stop();
  await services.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

/** The built browser modules (scripts/build-modules.ts) and the root stylesheet, read once. */
function productionAssets(build: ServerBuild, clientDir: string) {
  const modules = JSON.parse(readFileSync(`${clientDir}/modules.json`, "utf8")) as Record<
    string,
    string
  >;
  const href = build.assets.routes.root?.css?.[0];
  const css = href ? { href, text: readFileSync(`${clientDir}${href}`, "utf8") } : null;
  // Modules of a few KB are written into the pages (no round trip); big ones (the human check's
  // widget) stay separate files, fetched only where used.
  const inlineModules: Record<string, string> = {};
  for (const [name, url] of Object.entries(modules)) {
    const code = readFileSync(`${clientDir}${url}`, "utf8");
    // "</script" inside the code would end the element early: escape it (same meaning in JS).
    if (code.length <= INLINE_MODULE_LIMIT)
      inlineModules[name] = code.replace(/<\/(script)/gi, "<\\/$1");
  }
  return { modules, inlineModules, css };
}
