/**
 * Bench support: the BUILT portal (`npm run build`) as a process over an existing database, the
 * way a shop runs it (gzip, its change feed, its /api/trpc), on a free port.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const PORTAL_DIR = fileURLToPath(new URL("../../portal/", import.meta.url));

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

export async function startPortalServer(databaseUrl: string) {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  // The V8 flags `npm start` uses (package.json), so the figures are those of the real server.
  const flags =
    (
      JSON.parse(readFileSync(`${PORTAL_DIR}package.json`, "utf8")) as {
        scripts: { start: string };
      }
    ).scripts.start.match(/--max-[a-z-]+=\d+/g) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...flags, "--import", "tsx", "server.ts"], {
    cwd: PORTAL_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      PUBLIC_URL: url,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      ALTCHA_HMAC_KEY: randomBytes(32).toString("hex"),
      SEED_DEMO: "never",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 240 || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error("the portal did not start (npm run build first?)");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
