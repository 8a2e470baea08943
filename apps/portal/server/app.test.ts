import { expect, test } from "vitest";
import { carriesSyncPull } from "./app.ts";

test("sync pull pages get the bulk compression, alone or in a batch", () => {
  expect(carriesSyncPull("/api/trpc/sync.pull")).toBe(true);
  expect(carriesSyncPull("/api/trpc/staff.print.publicUrl,sync.pull")).toBe(true);
  expect(carriesSyncPull("/api/trpc/staff.jobs.list")).toBe(false);
  expect(carriesSyncPull("/api/trpc/sync.pullSomething")).toBe(false);
  expect(carriesSyncPull("/jobs/sync.pull")).toBe(false);
});
