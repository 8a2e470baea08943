import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DESKTOP_DIR = fileURLToPath(new URL("../../../desktop/", import.meta.url));

export interface ConsoleHarness {
  /** The console in a browser: open it in a page at desktop size. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The staff console as shipped, next to this portal: the desktop app's own harness entry
 * (`apps/desktop/src/harness/main.ts`: the console core in Node with a fresh SQLite cache, and the
 * BUILT renderer over HTTP) as a child process, with `serverUrl` (this portal, which serves the
 * tRPC API consoles sign in to) prefilled on its sign-in screen. Needs `npm run build -w
 * @traveler/desktop` (turbo builds it before the portal's tests).
 */
export async function startConsoleHarness(serverUrl: string): Promise<ConsoleHarness> {
  if (!existsSync(join(DESKTOP_DIR, "out/renderer/index.html"))) {
    throw new Error("Build the console first: npm run build -w @traveler/desktop");
  }
  const dataDir = mkdtempSync(join(tmpdir(), "traveler-console-"));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/harness/main.ts"], {
    cwd: DESKTOP_DIR,
    env: {
      ...process.env,
      HARNESS_PORT: "0",
      HARNESS_HOST: "127.0.0.1",
      HARNESS_DATA_DIR: dataDir,
      TRAVELER_SERVER_URL: serverUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`console harness did not start:\n${log}`)),
        60_000,
      );
      child.stdout?.on("data", (chunk: Buffer) => {
        log += chunk;
        const found = /Traveler console harness: (http:\/\/\S+)/.exec(log);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        log += chunk;
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`console harness exited (${code}):\n${log}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
