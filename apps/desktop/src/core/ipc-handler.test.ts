import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DesktopCore, memoryVault } from "./desktop-core.ts";
import { handleIpcRequest } from "./ipc-handler.ts";

const core = new DesktopCore({
  cacheFile: join(mkdtempSync(join(tmpdir(), "traveler-ipc-")), "cache.sqlite"),
  vault: memoryVault(),
});
afterAll(() => core.close());

describe("IPC handler (Electron's path to the desktop router)", () => {
  it("answers a query with its value", async () => {
    const response = await handleIpcRequest(
      { core },
      { type: "query", path: "status", input: undefined },
    );
    expect(response).toMatchObject({ ok: true, value: { state: "signed-out", signedIn: false } });
  });

  it("returns invalid input as an error value with the field message, never throws", async () => {
    const response = await handleIpcRequest(
      { core },
      { type: "mutation", path: "customers.create", input: { name: "", email: "nope" } },
    );
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.code).toBe("BAD_REQUEST");
      expect(response.error.message).toContain("Enter a name.");
    }
  });

  it("queues a write locally and shows it at once", async () => {
    const response = await handleIpcRequest(
      { core },
      {
        type: "mutation",
        path: "customers.create",
        input: { name: "Dockside Signs", email: "hi@dockside.test" },
      },
    );
    expect(response.ok).toBe(true);
    const list = await handleIpcRequest(
      { core },
      { type: "query", path: "customers.list", input: {} },
    );
    expect(list).toMatchObject({ ok: true, value: [{ name: "Dockside Signs", pending: true }] });
    expect(core.outbox.pendingCount()).toBe(1);
  });

  it("reports an unknown procedure as an error value", async () => {
    const response = await handleIpcRequest(
      { core },
      { type: "query", path: "nope.nothing", input: null },
    );
    expect(response).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});
