import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DesktopCore, memoryVault } from "../core/desktop-core.ts";
import { startHarnessServer } from "./harness-server.ts";

const dir = mkdtempSync(join(tmpdir(), "traveler-harness-"));
writeFileSync(join(dir, "index.html"), "<!doctype html><title>Traveler</title>");
let core: DesktopCore;
let server: Awaited<ReturnType<typeof startHarnessServer>>;

beforeAll(async () => {
  core = new DesktopCore({ cacheFile: join(dir, "cache.sqlite"), vault: memoryVault() });
  server = await startHarnessServer({ core, rendererDir: dir, port: 0 });
});
afterAll(async () => {
  await server.close();
  core.close();
});

describe("harness server", () => {
  it("serves the renderer with a strict CSP and answers the desktop router", async () => {
    const page = await fetch(`${server.url}/jobs/anything`);
    expect(await page.text()).toContain("<title>Traveler</title>");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const status = await fetch(`${server.url}/trpc/status`);
    const body = (await status.json()) as { result: { data: { state: string } } };
    expect(body.result.data.state).toBe("signed-out");
  });

  it("refuses cross-site requests to the core", async () => {
    const response = await fetch(`${server.url}/trpc/session.signOut`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(403);
  });

  it("does not serve files outside the renderer folder", async () => {
    const response = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    expect(await response.text()).toContain("<title>Traveler</title>");
  });
});
