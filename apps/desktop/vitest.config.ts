import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["@traveler/db/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
