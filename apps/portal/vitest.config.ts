import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.ts", "server/**/*.test.ts"],
    // The HTTP tests run with a write transaction held open elsewhere on the server (decision 002).
    globalSetup: ["@traveler/db/testing/hold-transaction-setup"],
  },
});
