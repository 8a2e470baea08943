/** Test support only: what the console core's tests share. */

import { join } from "node:path";
import type { TestDatabase } from "@traveler/db/testing";
import { createApiClient } from "../core/api-client.ts";
import { DesktopCore, memoryVault } from "../core/desktop-core.ts";
import { createStaff, STAFF_PASSWORD, startApiTestServer } from "./api-test-server.ts";

/** Polls `probe` until it returns something truthy (every `stepMs`), or fails after `ms`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false,
  ms = 10_000,
  stepMs = 25,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * The real API over HTTP with two staff accounts: "desk" signed in over HTTP (its session token
 * is what a console holds) and "other", a colleague acting in-process.
 */
export async function startApiWithStaff(database: TestDatabase) {
  const api = await startApiTestServer(database);
  await createStaff(database, api.services, "desk");
  const other = await createStaff(database, api.services, "other");
  const login = await createApiClient({
    serverUrl: api.url(),
    token: () => null,
  }).auth.login.mutate({ kind: "staff", username: "desk", password: STAFF_PASSWORD });
  return { api, other, token: login.token };
}

/** A console core with its own cache file in `dir`, signed in to `serverUrl` as `username`. */
export async function signedInCore(
  serverUrl: string,
  dir: string,
  username: string,
): Promise<DesktopCore> {
  const core = new DesktopCore({
    cacheFile: join(dir, `${username}.sqlite`),
    vault: memoryVault(),
  });
  await core.signIn({ serverUrl, username, password: STAFF_PASSWORD, remember: false });
  return core;
}
