import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { holdWriteTransaction } from "@traveler/db/testing/hold-transaction";
import pg from "pg";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORTAL_DIR = fileURLToPath(new URL("../..", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Fresh database + the built portal server; returns the teardown. */
export default async function globalSetup() {
  if (!existsSync(`${PORTAL_DIR}build/server/index.js`)) {
    throw new Error("Build the portal first: npm run build -w @traveler/portal");
  }
  // Another application's write transaction stays open on the same server for the whole run.
  const release = await holdWriteTransaction("portal_e2e");
  const name = `traveler_e2e_${randomBytes(4).toString("hex")}`;
  await admin(`create database "${name}"`);
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${name}`;
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  let log = "";
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: PORTAL_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl.toString(),
      PUBLIC_URL: baseUrl,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      ALTCHA_HMAC_KEY: randomBytes(32).toString("hex"),
      SEED_DEMO: "always",
      // Short idle timeouts; tests move session deadlines in the database where they need to.
      CUSTOMER_IDLE_MINUTES: "5",
      STAFF_IDLE_MINUTES: "5",
      LOG_LEVEL: "warn",
      SMTP_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d) => {
    log += d;
  });
  server.stderr?.on("data", (d) => {
    log += d;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`portal exited:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`portal did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  process.env.PORTAL_URL = baseUrl;
  process.env.PORTAL_DATABASE_URL = databaseUrl.toString();

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await admin(`drop database if exists "${name}" with (force)`);
    await release();
  };
}
