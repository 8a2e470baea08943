/**
 * Test support: the BUILT portal (`npm run build -w @traveler/portal`) as a real process on a free
 * port, over a fresh PostgreSQL database (migrated and seeded with the demo shop by the server
 * itself), or over the embedded database in a temporary data dir. Used by the Playwright global
 * setup and by the HTTP tests of the server (faults, limits, bad input).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORTAL_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** The V8 memory flags of `npm start` (package.json), so tests run the server as it ships. */
const NODE_FLAGS =
  (
    JSON.parse(readFileSync(`${PORTAL_DIR}package.json`, "utf8")) as { scripts: { start: string } }
  ).scripts.start.match(/--max-[a-z-]+=\d+/g) ?? [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

export interface PortalProcess {
  baseUrl: string;
  /** The server's own database (null on the embedded database). */
  databaseUrl: string | null;
  databaseName: string | null;
  process: ChildProcess;
  /** Everything the server printed so far. */
  log(): string;
  /** SIGTERM, wait for the exit, drop the database / data dir. */
  stop(): Promise<void>;
}

export async function startPortal(
  options: {
    embedded?: boolean;
    /** An existing database to use as it is (not created, not dropped). */
    databaseUrl?: string;
    env?: Record<string, string>;
  } = {},
): Promise<PortalProcess> {
  if (!existsSync(`${PORTAL_DIR}build/server/index.js`)) {
    throw new Error("Build the portal first: npm run build -w @traveler/portal");
  }
  const name =
    options.embedded || options.databaseUrl
      ? null
      : `traveler_e2e_${randomBytes(4).toString("hex")}`;
  let databaseUrl: string | null = options.databaseUrl ?? null;
  if (name) {
    await adminQuery(`create database "${name}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const dataDir = options.embedded ? mkdtempSync(join(tmpdir(), "traveler-portal-")) : null;
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  let log = "";
  const server = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", "server.ts"], {
    cwd: PORTAL_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: "" }),
      ...(dataDir ? { TRAVELER_DATA_DIR: dataDir } : {}),
      PUBLIC_URL: baseUrl,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      ALTCHA_HMAC_KEY: randomBytes(32).toString("hex"),
      SEED_DEMO: "always",
      LOG_LEVEL: "warn",
      SMTP_URL: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d) => {
    log += d;
  });
  server.stderr?.on("data", (d) => {
    log += d;
  });
  const cleanup = async () => {
    if (name) await adminQuery(`drop database if exists "${name}" with (force)`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) {
      await cleanup();
      throw new Error(`portal exited:\n${log}`);
    }
    const ok = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      server.kill("SIGKILL");
      await cleanup();
      throw new Error(`portal did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    databaseUrl,
    databaseName: name,
    process: server,
    log: () => log,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (server.exitCode === null) server.kill("SIGKILL");
      }
      await cleanup();
    },
  };
}
