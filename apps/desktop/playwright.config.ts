import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  workers: 1,
  fullyParallel: false,
  reporter: [["list"]],
  use: {
    baseURL: "http://127.0.0.1:5190",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "tsx e2e/e2e-server.ts",
    url: "http://127.0.0.1:5192/healthz",
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // Without this Playwright SIGKILLs the server and its test database is left behind.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
