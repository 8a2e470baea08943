import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { holdWriteTransaction } from "@traveler/db/testing/hold-transaction";

const DESKTOP_DIR = fileURLToPath(new URL("..", import.meta.url));

/**
 * Starts `e2e-server.ts` (database, API, harness, control server, each on a port the system
 * chose) and hands its addresses to the tests through the environment, so two checkouts can run
 * the console's browser tests at the same time. The teardown stops it with SIGTERM, which drops
 * its database.
 */
export default async function globalSetup() {
  // Another application's write transaction stays open on the same server for the whole run.
  const release = await holdWriteTransaction("console_e2e");
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "e2e/e2e-server.ts"], {
    cwd: DESKTOP_DIR,
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const ready = await new Promise<{ harness: string; api: string; control: string }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`console e2e server did not start:\n${log}`)),
        120_000,
      );
      const onData = (chunk: Buffer) => {
        log += chunk;
        const line = log.split("\n").find((l) => l.startsWith("E2E_READY "));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice("E2E_READY ".length)));
        }
      };
      server.stdout?.on("data", onData);
      server.stderr?.on("data", (chunk: Buffer) => {
        log += chunk;
      });
      server.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`console e2e server exited (${code}):\n${log}`));
      });
    },
  );
  process.env.CONSOLE_E2E_HARNESS = ready.harness;
  process.env.CONSOLE_E2E_API = ready.api;
  process.env.CONSOLE_E2E_CONTROL = ready.control;

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await release();
  };
}
