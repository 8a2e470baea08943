/**
 * Type test (checked by `tsc`, never run): the outbox and online calls are typed against the
 * API's AppRouter, so a wrong procedure name or input shape does not compile.
 */
import type { DesktopCore } from "./desktop-core.ts";
import type { Outbox } from "./outbox.ts";
import type { QueuedWrite } from "./procedures.ts";

const meta = { entity: "job", entityKey: "J-2026-0001", label: "test" } as const;

export function queuedWritesAreTyped(outbox: Outbox): void {
  // Right procedure, right input.
  const status = {
    jobNumber: "J-2026-0001",
    status: "in_progress",
    visibleToCustomer: true,
  } as const;
  outbox.enqueue({ ...meta, procedure: "staff.jobs.setStatus", input: status });
  outbox.enqueue({
    ...meta,
    procedure: "staff.jobs.update",
    input: {
      jobNumber: "J-2026-0001",
      version: 3,
      patch: { title: "New" },
      base: { title: "Old" },
    },
  });

  const job = { jobNumber: "J-2026-0001" };
  // @ts-expect-error: no such procedure
  outbox.enqueue({ ...meta, procedure: "staff.jobs.setStatuss", input: status });
  // @ts-expect-error: a query, not a mutation
  outbox.enqueue({ ...meta, procedure: "staff.jobs.get", input: job });
  // @ts-expect-error: a mutation the console does not queue (no offline delete)
  outbox.enqueue({ ...meta, procedure: "staff.jobs.delete", input: job });
  outbox.enqueue({
    ...meta,
    procedure: "staff.jobs.setStatus",
    // @ts-expect-error: not a job status
    input: { jobNumber: "J-2026-0001", status: "done", visibleToCustomer: true },
  });
  const noVisibility = { jobNumber: "J-2026-0001", status: "in_progress" as const };
  // @ts-expect-error: visibleToCustomer is required
  outbox.enqueue({ ...meta, procedure: "staff.jobs.setStatus", input: noVisibility });
  outbox.enqueue({
    ...meta,
    procedure: "staff.customers.update",
    // @ts-expect-error: a job's field in a customer's patch
    input: { customerId: 1, version: 1, patch: { title: "x" }, base: {} },
  });
  outbox.enqueue({
    ...meta,
    procedure: "staff.jobs.setProgress",
    // @ts-expect-error: progress is a number
    input: { jobNumber: "J-2026-0001", progress: "50" },
  });
}

export function theKeyIsTheOutboxs(write: QueuedWrite): void {
  if (write.procedure === "staff.jobs.create") {
    // @ts-expect-error: the outbox adds the idempotency key when it sends; a stored write has none
    write.input.idempotencyKey = "x";
  }
}

export async function onlineCallsAreTyped(core: DesktopCore): Promise<void> {
  const photo = await core.online("query", "staff.jobs.photos.get", {
    photoId: 1,
    variant: "thumb",
  });
  photo.contentType satisfies string;
  // @ts-expect-error: no such procedure
  await core.online("query", "staff.jobs.photos.fetch", { photoId: 1, variant: "thumb" });
  // @ts-expect-error: wrong input shape
  await core.online("query", "staff.jobs.photos.get", { id: 1 });
  // @ts-expect-error: a mutation called as a query
  await core.online("query", "staff.jobs.setStatus", {
    jobNumber: "J-2026-0001",
    status: "in_progress",
    visibleToCustomer: true,
  });
  // @ts-expect-error: relayed paths are the API's too
  await core.relay("query", "staff.user.list", undefined);
}
