import type { AppRouter } from "@traveler/api";
import type {
  AnyProcedure,
  inferProcedureInput,
  inferProcedureOutput,
  TRPCRouterRecord,
} from "@trpc/server";

/**
 * The API's procedures by dotted path, typed from `AppRouter`: what the console sends to the
 * server by path (the outbox replays stored writes; admin screens call online) is checked by the
 * compiler against the API's own input and output types.
 */

type Record_ = AppRouter["_def"]["record"];

/** Every procedure path of a router record whose procedures are of `Kind`. */
type PathsOf<R, Kind extends string, Prefix extends string = ""> = {
  [K in keyof R & string]: R[K] extends AnyProcedure
    ? R[K]["_def"]["type"] extends Kind
      ? `${Prefix}${K}`
      : never
    : R[K] extends TRPCRouterRecord
      ? PathsOf<R[K], Kind, `${Prefix}${K}.`>
      : never;
}[keyof R & string];

type ProcedureAt<R, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof R
    ? ProcedureAt<R[Head], Rest>
    : never
  : Path extends keyof R
    ? R[Path]
    : never;

export type QueryPath = PathsOf<Record_, "query">;
export type MutationPath = PathsOf<Record_, "mutation">;

export type ProcedureInput<P extends QueryPath | MutationPath> = inferProcedureInput<
  Extract<ProcedureAt<Record_, P>, AnyProcedure>
>;
export type ProcedureOutput<P extends QueryPath | MutationPath> = inferProcedureOutput<
  Extract<ProcedureAt<Record_, P>, AnyProcedure>
>;

/** The mutations the console queues in its outbox (each takes an idempotency key). */
export const QUEUED_PROCEDURES = [
  "staff.jobs.create",
  "staff.jobs.update",
  "staff.jobs.setStatus",
  "staff.jobs.setProgress",
  "staff.jobs.photos.add",
  "staff.jobs.photos.setVisibility",
  "staff.jobs.proofs.send",
  "staff.customers.create",
  "staff.customers.update",
  "staff.customers.invite",
  "staff.customers.setPortalEnabled",
  "staff.messages.reply",
  "staff.messages.markRead",
  "staff.quotes.quote",
  "staff.quotes.decline",
  "staff.quotes.convert",
] as const satisfies readonly MutationPath[];
export type QueuedProcedure = (typeof QUEUED_PROCEDURES)[number];

/** Queued edits carry `patch`, `base` and `version`, and can conflict per field. */
export type EditProcedure = Extract<QueuedProcedure, `${string}.update`>;

/**
 * A write as the outbox stores it: the procedure and its input, without the idempotency key (the
 * outbox adds its own when it sends). A procedure that takes no idempotency key cannot be queued.
 */
export type QueuedWrite = {
  [P in QueuedProcedure]: {
    procedure: P;
    input: ProcedureInput<P> extends { idempotencyKey?: string | undefined }
      ? Omit<ProcedureInput<P>, "idempotencyKey"> & ConsoleOnlyInput<P>
      : never;
  };
}[QueuedProcedure];

/** A file attached here to a queued write, waiting to upload (its `file_uploads` id). */
export interface QueuedAttachment {
  uploadId: number;
  fileName: string;
  byteSize: number;
}

/**
 * Fields a queued write carries for the console only, replaced before it is sent: a reply's
 * files attached here become `fileIds` once uploaded (../outbox.ts).
 */
type ConsoleOnlyInput<P extends QueuedProcedure> = P extends "staff.messages.reply"
  ? { attachments?: QueuedAttachment[] }
  : unknown;
