/** Test support only: what the console core's tests share. */

import { join } from "node:path";
import { type ApiServices, createCaller, createContextInner } from "@traveler/api/server";
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

/** An in-process caller acting as a customer (as the portal calls the API for its pages). */
export function customerCaller(
  services: ApiServices,
  customer: { id: number; name: string; email: string },
) {
  return createCaller(
    createContextInner({
      services,
      actor: {
        type: "customer",
        customerId: customer.id,
        name: customer.name,
        email: customer.email,
        sessionId: "0".repeat(64),
        idleExpiresAt: new Date(Date.now() + 3_600_000),
      },
      request: { ip: "192.0.2.7", userAgent: "console-test" },
    }),
  );
}

/** A customer and one of their jobs, created by a colleague in-process. */
export async function customerWithJob(
  staff: { caller: ReturnType<typeof createCaller> },
  name: string,
) {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}@example.test`;
  const { customer } = await staff.caller.staff.customers.create({ name, email });
  const { job } = await staff.caller.staff.jobs.create({
    customerId: customer.id,
    title: `${name} banner`,
  });
  return { customer: { id: customer.id, name, email }, jobNumber: job.jobNumber };
}
