import { defineConfig, devices } from "@playwright/test";

const chromium = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

/**
 * Browser tests against the BUILT portal (run `npm run build` first): the global setup creates a
 * fresh PostgreSQL database, starts `server.ts` on a free port (it migrates and seeds the demo
 * shop) and drops the database afterwards.
 */
export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? "line" : "list",
  use: {
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  projects: [
    {
      name: "desktop",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: chromium,
      },
    },
    {
      name: "phone",
      // The phone run repeats what depends on layout: the journeys, the axe checks and the staff
      // flow from a scanned traveler.
      testMatch: /(journey|a11y|print|messages)\.spec\.ts/,
      grep: /customer journey|without JavaScript|accessibility|phone:/,
      use: {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        launchOptions: chromium,
      },
    },
  ],
});
