import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_CURRENCY,
  dayInZone,
  isCurrencyCode,
  isTimeZone,
  JOB_STATUS_LABELS,
} from "@traveler/api/schemas";
import { TRPCClientError } from "@trpc/client";
import {
  type ApiClient,
  createApiClient,
  createUntypedApiClient,
  type UntypedApiClient,
} from "./api-client.ts";
import { resetMirror } from "./cache/apply.ts";
import { counts } from "./cache/board.ts";
import { getCustomerRow } from "./cache/customers.ts";
import { type CacheDb, openCache } from "./cache/database.ts";
import { getJob } from "./cache/job-detail.ts";
import type { EnqueueInput } from "./cache/outbox.ts";
import { shopSettings } from "./cache/shop-settings.ts";
import { getState, setState } from "./cache/sync-state.ts";
import { type Connection, downloadFile, FileUploads, forgetUploadResults } from "./file-uploads.ts";
import { solveHumanCheck } from "./human-check.ts";
import { attachedUploads, Outbox } from "./outbox.ts";
import type {
  MutationPath,
  ProcedureInput,
  ProcedureOutput,
  QueryPath,
  QueuedAttachment,
} from "./procedures.ts";
import { type ProofImage, ProofImages } from "./proof-images.ts";
import { SyncEngine, type SyncStatus } from "./sync-engine.ts";
import type { JobStatus } from "./sync-rows.ts";

/** Where the session token lives: Electron safeStorage in the app, a file or memory elsewhere. */
export interface TokenVault {
  load(): string | null;
  save(token: string | null): void;
}

export function memoryVault(): TokenVault {
  let token: string | null = null;
  return {
    load: () => token,
    save: (t) => {
      token = t;
    },
  };
}

export interface SignedInStaff {
  name: string;
  username: string;
  role: "admin" | "staff";
}

export interface DesktopCoreOptions {
  cacheFile: string;
  vault: TokenVault;
  pageSize?: number;
  minRetryMs?: number;
  maxRetryMs?: number;
}

export interface JobFields {
  title?: string;
  description?: string;
  quantity?: number;
  specialInstructions?: string;
  specifications?: { name: string; value: string }[];
  estimatedCompletion?: string | null;
  customerNotes?: string;
  shopNotes?: string;
  ownerId?: number | null;
  rush?: boolean;
}

export interface CustomerFields {
  name?: string;
  email?: string;
  company?: string | null;
  phone?: string | null;
  address?: string | null;
}

/**
 * Everything the console does, without Electron: the cache, the sync engine, the outbox and the
 * session. The Electron main process and the harness each build one and expose it to the
 * renderer through the desktop router.
 */
export class DesktopCore {
  /** The local cache (read with the functions of ./cache/*). */
  readonly db: CacheDb;
  readonly outbox: Outbox;
  private engine: SyncEngine | null = null;
  private api: ApiClient | null = null;
  private untyped: UntypedApiClient | null = null;
  /** Files attached here, waiting to be uploaded (issue 13). */
  readonly uploads: FileUploads;
  /** Proof images seen once, kept beside the cache so pins show offline (issue 13). */
  readonly proofImages: ProofImages;
  private token: string | null;
  private listeners = new Set<(view: StatusView) => void>();
  private emitQueued = false;

  constructor(private readonly options: DesktopCoreOptions) {
    this.db = openCache(options.cacheFile);
    this.outbox = new Outbox(this.db);
    this.uploads = new FileUploads(
      this.db,
      options.cacheFile === ":memory:"
        ? join(tmpdir(), `traveler-uploads-${process.pid}`)
        : `${options.cacheFile}-uploads`,
    );
    this.proofImages = new ProofImages(
      this.db,
      options.cacheFile === ":memory:"
        ? join(tmpdir(), `traveler-images-${process.pid}`)
        : `${options.cacheFile}-images`,
    );
    this.token = options.vault.load();
  }

  /** Shows the cache at once (nothing to await) and starts syncing if a session is stored. */
  start(): void {
    const server = this.serverUrl();
    if (server && this.token && this.staff()) this.connect(server);
  }

  serverUrl(): string | null {
    return getState(this.db, "server_url");
  }

  staff(): SignedInStaff | null {
    const raw = getState(this.db, "staff");
    return raw ? (JSON.parse(raw) as SignedInStaff) : null;
  }

  /** The shop's calendar day now (its time zone from the synced shop settings; UTC before). */
  shopToday(): string {
    return dayInZone(new Date(), this.shopTimeZone());
  }

  shopTimeZone(): string {
    const zone = shopSettings(this.db)?.timeZone;
    return typeof zone === "string" && isTimeZone(zone) ? zone : "UTC";
  }

  /** The shop's currency (ISO 4217, from the synced shop settings; USD before). */
  shopCurrency(): string {
    const code = shopSettings(this.db)?.currency;
    return typeof code === "string" && isCurrencyCode(code) ? code : DEFAULT_CURRENCY;
  }

  status(): SyncStatus & {
    signedIn: boolean;
    staff: SignedInStaff | null;
    serverUrl: string | null;
    /** The shop's time zone: every date and time on the screens is shop time. */
    timeZone: string;
    /** The shop's currency: every price on the screens is in it. */
    currency: string;
  } {
    const base: SyncStatus = this.engine?.getStatus() ?? {
      state: "signed-out",
      lastSyncAt: getState(this.db, "last_pull_at"),
      lastError: null,
      bootstrap: null,
      queued: this.outbox.pendingCount() + this.uploads.pendingCount(),
      conflicts: 0,
      dataVersion: 0,
      stalled: false,
    };
    return {
      ...base,
      signedIn: this.engine !== null,
      staff: this.engine ? this.staff() : null,
      serverUrl: this.serverUrl(),
      timeZone: this.shopTimeZone(),
      currency: this.shopCurrency(),
    };
  }

  /** What the status bar and every screen key on: sync state plus the cache's row counts. */
  statusView(): StatusView {
    return { ...this.status(), counts: counts(this.db) };
  }

  /**
   * Pushes the status to the renderer whenever it changes (sync state, queued writes, new data):
   * screens refetch on `dataVersion` instead of polling. Bursts coalesce into one push.
   */
  onStatus(listener: (view: StatusView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    if (this.emitQueued || this.listeners.size === 0) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      if (!this.db.open) return;
      const view = this.statusView();
      for (const l of this.listeners) l(view);
    });
  }

  private connect(serverUrl: string): void {
    const conn = { serverUrl, token: () => this.token };
    this.api = createApiClient(conn);
    this.untyped = createUntypedApiClient(conn);
    this.engine = new SyncEngine({
      db: this.db,
      outbox: this.outbox,
      uploads: {
        push: () => this.uploads.push(conn),
        pendingCount: () => this.uploads.pendingCount(),
      },
      api: this.api,
      untyped: this.untyped,
      ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}),
      ...(this.options.minRetryMs ? { minRetryMs: this.options.minRetryMs } : {}),
      ...(this.options.maxRetryMs ? { maxRetryMs: this.options.maxRetryMs } : {}),
      onChange: () => this.emit(),
      onUnauthorized: () => this.disconnect(),
    });
    this.engine.start();
    void this.refreshPublicUrl(this.api);
  }

  private disconnect(): void {
    this.engine?.stop();
    this.engine = null;
    this.api = null;
    this.untyped = null;
    this.emit();
  }

  async signIn(input: {
    serverUrl: string;
    username: string;
    password: string;
    remember: boolean;
  }): Promise<SignedInStaff> {
    const serverUrl = input.serverUrl.trim().replace(/\/+$/, "");
    const client = createApiClient({ serverUrl, token: () => null });
    const login = (altcha?: string) =>
      client.auth.login.mutate({
        kind: "staff",
        username: input.username,
        password: input.password,
        ...(altcha ? { altcha } : {}),
      });
    let result: Awaited<ReturnType<typeof login>>;
    try {
      result = await login();
    } catch (error) {
      const data =
        error instanceof TRPCClientError ? (error.data as { captchaRequired?: boolean }) : null;
      if (!data?.captchaRequired) throw error;
      const challenge = await client.auth.altchaChallenge.query({
        kind: "staff",
        identifier: input.username,
      });
      result = await login(await solveHumanCheck(challenge));
    }
    const staff: SignedInStaff = {
      name: result.actor.name,
      username: input.username,
      role: result.actor.role ?? "staff",
    };
    const previous = this.staff();
    if (
      this.serverUrl() !== serverUrl ||
      previous?.username.toLowerCase() !== staff.username.toLowerCase()
    ) {
      // Another server or another person: start from a clean cache.
      resetMirror(this.db);
      this.outbox.clear();
    }
    if (this.serverUrl() !== serverUrl) setState(this.db, "public_url", null);
    setState(this.db, "server_url", serverUrl);
    setState(this.db, "remembered_server", serverUrl);
    setState(this.db, "staff", JSON.stringify(staff));
    this.token = result.token;
    this.options.vault.save(input.remember ? result.token : null);
    this.disconnect();
    this.connect(serverUrl);
    return staff;
  }

  /**
   * Ends the session. With `removeData`, also deletes this computer's copy of the shop's data
   * (customers' names, emails, addresses, jobs, notes, attached files): refused while writes are
   * still queued or attached files are waiting to upload, because they would be lost.
   */
  async signOut(options: { removeData?: boolean } = {}): Promise<void> {
    if (options.removeData) {
      const refusal = waitingRefusal(this.outbox.pendingCount(), this.uploads.waitingCount());
      if (refusal) throw new Error(refusal);
    }
    const api = this.api;
    if (api) await api.auth.logout.mutate().catch(() => {});
    this.disconnect();
    this.token = null;
    this.options.vault.save(null);
    if (options.removeData) {
      resetMirror(this.db);
      this.outbox.clear();
      this.uploads.clear();
      this.proofImages.clear();
      for (const key of ["staff", "server_url", "last_pull_at", "public_url"]) {
        setState(this.db, key, null);
      }
      // The freed pages go back to the file system instead of lingering in the file.
      this.db.exec("vacuum");
      this.emit();
    }
  }

  /**
   * The portal's public address (what a traveler's QR code opens): as the server last said, else
   * the address this console signed in to (the portal serves the API at the same address).
   */
  publicUrl(): string | null {
    return getState(this.db, "public_url") ?? this.serverUrl();
  }

  private async refreshPublicUrl(api: ApiClient): Promise<void> {
    try {
      const { publicUrl } = await api.staff.print.publicUrl.query();
      setState(this.db, "public_url", publicUrl);
    } catch {
      // Offline or an older server: the last known address (or the sign-in address) stays.
    }
  }

  rememberedServer(): string | null {
    return getState(this.db, "remembered_server");
  }

  async syncNow(): Promise<void> {
    if (!this.engine) throw new Error("Please sign in.");
    await this.engine.syncNow();
  }

  close(): void {
    this.disconnect();
    this.db.close();
  }

  /**
   * Queues a write that shows no overlay of its own (messages, quote answers: their screens read
   * the outbox for what is pending) and wakes the sync engine to push it.
   */
  queue(entry: EnqueueInput): number {
    const id = this.outbox.enqueue(entry);
    this.touched();
    return id;
  }

  private touched(): void {
    this.engine?.touched();
  }

  // Online-only calls (admin screens, photos): straight to the server, typed by the API.
  online<P extends QueryPath>(
    kind: "query",
    path: P,
    input: ProcedureInput<P>,
  ): Promise<ProcedureOutput<P>>;
  online<P extends MutationPath>(
    kind: "mutation",
    path: P,
    input: ProcedureInput<P>,
  ): Promise<ProcedureOutput<P>>;
  online(
    kind: "query" | "mutation",
    path: QueryPath | MutationPath,
    input: unknown,
  ): Promise<unknown> {
    return this.relay(kind, path, input);
  }

  /**
   * A call the renderer's admin screens name (the desktop router lists the paths): the input
   * comes from the renderer as is and the server validates it.
   */
  async relay(
    kind: "query" | "mutation",
    path: QueryPath | MutationPath,
    input: unknown,
  ): Promise<unknown> {
    if (!this.untyped) throw new Error("You are offline or signed out.");
    return kind === "query" ? this.untyped.query(path, input) : this.untyped.mutation(path, input);
  }

  // Queued writes ---------------------------------------------------------------------------------

  createJob(input: JobFields & { customerId: number; title: string }): { key: string } {
    const id = this.outbox.enqueue({
      procedure: "staff.jobs.create",
      input: { ...input },
      entity: "job",
      entityKey: "new",
      label: `New job "${input.title}"`,
      overlays: [
        {
          entity: "job",
          entityKey: "new",
          patch: { ...input, updatedAt: new Date().toISOString() },
        },
      ],
    });
    this.touched();
    return { key: `new:${id}` };
  }

  /**
   * An edit of some fields. `base` holds the values the editor started from for each field of
   * `patch`: the server merges per field, so only a field someone else changed conflicts.
   */
  updateJob(
    jobNumber: string,
    version: number,
    patch: JobFields,
    base: JobFields,
    dueReason?: string,
  ): number {
    return this.enqueueEdit({
      procedure: "staff.jobs.update",
      input: {
        jobNumber,
        version,
        patch,
        base: pickFields(base, patch),
        ...(dueReason && "estimatedCompletion" in patch ? { dueReason } : {}),
      },
      entity: "job",
      entityKey: jobNumber,
      label: `Edit ${jobNumber}${this.jobTitle(jobNumber)}`,
      overlays: [{ entity: "job", entityKey: jobNumber, patch: { ...patch } }],
    });
  }

  setStatus(input: {
    jobNumber: string;
    status: JobStatus;
    note?: string | undefined;
    visibleToCustomer: boolean;
    progress?: number | undefined;
    /** Move on although a proof waits for the customer (the server audits it). */
    overrideProof?: boolean | undefined;
  }): void {
    const jobPatch: Record<string, unknown> = { status: input.status };
    if (input.progress !== undefined) jobPatch.progress = input.progress;
    this.outbox.enqueue({
      procedure: "staff.jobs.setStatus",
      input: { ...input },
      entity: "job",
      entityKey: input.jobNumber,
      label: `${input.jobNumber}${this.jobTitle(input.jobNumber)} → ${JOB_STATUS_LABELS[input.status]}`,
      overlays: [
        { entity: "job", entityKey: input.jobNumber, patch: jobPatch },
        {
          entity: "history",
          entityKey: input.jobNumber,
          patch: {
            status: input.status,
            note: input.note ?? "",
            visibleToCustomer: input.visibleToCustomer,
            progress: input.progress,
            createdAt: new Date().toISOString(),
          },
        },
      ],
    });
    this.touched();
  }

  setProgress(input: {
    jobNumber: string;
    progress: number;
    note?: string | undefined;
    visibleToCustomer?: boolean | undefined;
  }): void {
    this.outbox.enqueue({
      procedure: "staff.jobs.setProgress",
      input: { ...input },
      entity: "job",
      entityKey: input.jobNumber,
      label: `${input.jobNumber}${this.jobTitle(input.jobNumber)}: progress ${input.progress}%`,
      overlays: [
        { entity: "job", entityKey: input.jobNumber, patch: { progress: input.progress } },
      ],
    });
    this.touched();
  }

  addPhoto(input: {
    jobNumber: string;
    base64: string;
    caption?: string | undefined;
    visibleToCustomer?: boolean | undefined;
  }): void {
    this.outbox.enqueue({
      procedure: "staff.jobs.photos.add",
      input: { ...input },
      entity: "job",
      entityKey: input.jobNumber,
      label: `Photo for ${input.jobNumber}${this.jobTitle(input.jobNumber)}`,
    });
    this.touched();
  }

  /** Attaches a file: kept beside the cache and uploaded when online, like every write. */
  attachFile(input: {
    jobNumber: string;
    fileName: string;
    base64: string;
    caption?: string | undefined;
    visibleToCustomer?: boolean | undefined;
  }): { id: number } {
    const id = this.uploads.add({
      jobNumber: input.jobNumber,
      fileName: input.fileName,
      bytes: Buffer.from(input.base64, "base64"),
      caption: input.caption ?? "",
      visibleToCustomer: input.visibleToCustomer ?? false,
    });
    this.touched();
    this.emit();
    return { id };
  }

  /** A file's bytes from the server (online only). */
  openFile(jobNumber: string, fileId: number): Promise<{ contentType: string; base64: string }> {
    return downloadFile(this.fileConnection(), { jobNumber, fileId });
  }

  /** A quote request's file from the server (online only). */
  openRequestFile(
    requestNumber: string,
    fileId: number,
  ): Promise<{ contentType: string; base64: string }> {
    return downloadFile(this.fileConnection(), { requestNumber, fileId });
  }

  private fileConnection(): Connection {
    const server = this.serverUrl();
    if (!server || !this.token) throw new Error("You are offline or signed out.");
    return { serverUrl: server, token: () => this.token };
  }

  /** A proof file's image to draw pins on: cached here once seen, else from the server. */
  proofImage(jobNumber: string, fileId: number): Promise<ProofImage> {
    const server = this.serverUrl();
    const conn =
      server && this.token && this.engine ? { serverUrl: server, token: () => this.token } : null;
    return this.proofImages.get(jobNumber, fileId, conn);
  }

  /**
   * A reply to the customer, queued like every write. Files attached here wait beside the cache
   * (hidden from the customer until the reply shows them); the reply goes once they are
   * uploaded, with their ids.
   */
  reply(input: {
    jobNumber: string;
    body: string;
    files?: { fileName: string; base64: string }[] | undefined;
  }): number {
    const attachments: QueuedAttachment[] = (input.files ?? []).map((f) => {
      const bytes = Buffer.from(f.base64, "base64");
      const uploadId = this.uploads.add({
        jobNumber: input.jobNumber,
        fileName: f.fileName,
        bytes,
        caption: "",
        visibleToCustomer: false,
        forMessage: true,
      });
      return { uploadId, fileName: f.fileName, byteSize: bytes.length };
    });
    const id = this.outbox.enqueue({
      procedure: "staff.messages.reply",
      input: {
        jobNumber: input.jobNumber,
        body: input.body,
        ...(attachments.length > 0 ? { attachments } : {}),
      },
      entity: "message",
      entityKey: input.jobNumber,
      label: `Reply on ${input.jobNumber}${attachments.length > 0 ? ` with ${attachments.length === 1 ? "1 file" : `${attachments.length} files`}` : ""}`,
    });
    this.touched();
    this.emit();
    return id;
  }

  /** Sends job files as the next version of the job's proof (queued like every write). */
  sendProof(input: { jobNumber: string; fileIds: number[]; message?: string | undefined }): void {
    this.outbox.enqueue({
      procedure: "staff.jobs.proofs.send",
      input: { ...input },
      entity: "job",
      entityKey: input.jobNumber,
      label: `Proof for ${input.jobNumber}${this.jobTitle(input.jobNumber)}`,
    });
    this.touched();
  }

  setPhotoVisibility(photoId: number, visibleToCustomer: boolean, jobNumber: string): void {
    this.outbox.enqueue({
      procedure: "staff.jobs.photos.setVisibility",
      input: { photoId, visibleToCustomer },
      entity: "job",
      entityKey: jobNumber,
      label: `Photo ${visibleToCustomer ? "shown to" : "hidden from"} customer`,
    });
    this.touched();
  }

  createCustomer(input: CustomerFields & { name: string; email: string }): { key: string } {
    const id = this.outbox.enqueue({
      procedure: "staff.customers.create",
      input: { ...input },
      entity: "customer",
      entityKey: "new",
      label: `New customer ${input.name}`,
      overlays: [{ entity: "customer", entityKey: "new", patch: { ...input } }],
    });
    this.touched();
    return { key: `new:${id}` };
  }

  updateCustomer(
    customerId: number,
    version: number,
    patch: CustomerFields,
    base: CustomerFields,
  ): number {
    return this.enqueueEdit({
      procedure: "staff.customers.update",
      input: { customerId, version, patch, base: pickFields(base, patch) },
      entity: "customer",
      entityKey: String(customerId),
      label: `Edit customer ${patch.name ?? getCustomerRow(this.db, customerId)?.name ?? customerId}`,
      overlays: [{ entity: "customer", entityKey: String(customerId), patch: { ...patch } }],
    });
  }

  /** " · Title" of a cached job, for labels people read. */
  private jobTitle(jobNumber: string): string {
    const title = getJob(this.db, jobNumber)?.title;
    return title ? ` · ${title}` : "";
  }

  private enqueueEdit(entry: Parameters<Outbox["enqueue"]>[0]): number {
    const id = this.outbox.enqueue(entry);
    this.touched();
    return id;
  }

  /**
   * What became of a queued write, once the server has answered (or at once when offline):
   * saved, still queued (offline or slow), or refused (a conflict or a rejected value).
   */
  async settle(mutationId: number, waitMs = 8_000): Promise<WriteOutcome> {
    const look = (): WriteOutcome | null => {
      const entry = this.outbox.get(mutationId);
      if (!entry) return { state: "saved" };
      if (entry.state === "conflict") {
        return { state: "conflict", message: entry.lastError ?? "Someone else changed this." };
      }
      if (entry.state === "failed") {
        return { state: "failed", message: entry.lastError ?? "The server refused this change." };
      }
      return null;
    };
    const online = this.engine?.getStatus().state;
    if (online === "online" || online === "syncing") {
      const round = this.engine!.kick();
      await Promise.race([round, new Promise((r) => setTimeout(r, waitMs))]);
    }
    return look() ?? { state: "queued" };
  }

  inviteCustomer(customerId: number): void {
    this.outbox.enqueue({
      procedure: "staff.customers.invite",
      input: { customerId },
      entity: "customer",
      entityKey: String(customerId),
      label: "Portal invite",
      overlays: [
        { entity: "customer", entityKey: String(customerId), patch: { portalTokenKind: "invite" } },
      ],
    });
    this.touched();
  }

  setPortalEnabled(customerId: number, enabled: boolean): void {
    this.outbox.enqueue({
      procedure: "staff.customers.setPortalEnabled",
      input: { customerId, enabled },
      entity: "customer",
      entityKey: String(customerId),
      label: `Portal ${enabled ? "enabled" : "disabled"} for ${getCustomerRow(this.db, customerId)?.name ?? `customer ${customerId}`}`,
      overlays: [
        { entity: "customer", entityKey: String(customerId), patch: { portalEnabled: enabled } },
      ],
    });
    this.touched();
  }

  /** One decision for all the conflicting edits of one record. */
  resolveConflict(entity: string, entityKey: string, choice: "mine" | "theirs"): void {
    this.outbox.resolve(entity, entityKey, choice);
    this.touched();
  }

  /** Gives up on a write the server refused (and on the files attached to it here). */
  discardWrite(id: number): void {
    const entry = this.outbox.get(id);
    this.outbox.discard(id);
    const uploadIds = entry ? attachedUploads(entry.input) : [];
    for (const uploadId of uploadIds) this.uploads.discard(uploadId);
    forgetUploadResults(this.db, uploadIds);
    this.touched();
  }
}

export type StatusView = ReturnType<DesktopCore["status"]> & {
  counts: { jobs: number; customers: number };
};

export type WriteOutcome =
  | { state: "saved" | "queued" }
  | { state: "conflict" | "failed"; message: string };

/** The base values of the fields a patch changes (what the editor started from). */
function pickFields<T extends object>(base: T, patch: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (patch[key] !== undefined) out[key] = base[key] ?? (null as T[keyof T]);
  }
  return out;
}

/** A readable message for any failure crossing to the renderer. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why this computer's data cannot be removed yet (queued writes, waiting files), or null. */
export function waitingRefusal(changes: number, files: number): string | null {
  if (changes === 0 && files === 0) return null;
  const parts = [
    ...(changes > 0 ? [plural(changes, "change", "changes")] : []),
    ...(files > 0 ? [plural(files, "attached file", "attached files")] : []),
  ];
  const one = changes + files === 1;
  return `${parts.join(" and ")} ${one ? "has" : "have"} not uploaded yet. Let ${one ? "it" : "them"} upload (or discard ${one ? "it" : "them"} under Queued writes or on the job's files) before removing the shop's data from this computer.`;
}
