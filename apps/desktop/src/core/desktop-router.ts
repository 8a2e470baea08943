import {
  customerFieldsSchema,
  formatPrice,
  jobFieldsSchema,
  messageBodySchema,
  priceCentsSchema,
  requestNumberSchema,
  staffDeclineInput,
  staffJobSetProgressInput,
  staffJobSetStatusInput,
  staffJobUpdateInput,
  staffPhotoAddInput,
  staffProofSendInput,
  staffQuoteInput,
} from "@traveler/api/schemas";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { board } from "./cache/board.ts";
import { getCustomer, listCustomers } from "./cache/customers.ts";
import { dueJobs } from "./cache/due.ts";
import { getJob } from "./cache/job-detail.ts";
import { JOB_SORTS, listJobs } from "./cache/job-list.ts";
import { inbox, thread } from "./cache/messages.ts";
import { jobProofs, proofFileChoices } from "./cache/proofs.ts";
import { listQuoteRequests } from "./cache/quote-requests.ts";
import { listStaff } from "./cache/staff.ts";
import { type DesktopCore, errorMessage } from "./desktop-core.ts";
import { printDocument, type TravelerPrinter } from "./print-travelers.ts";
import type { MutationPath, QueryPath } from "./procedures.ts";
import { JOB_STATUSES } from "./sync-rows.ts";

/**
 * The renderer's API: reads come from the local cache (instant, offline), writes go through the
 * outbox, admin screens call the server directly. Served over IPC in Electron and over HTTP in
 * the harness; the renderer cannot tell the difference.
 */
export interface DesktopContext {
  core: DesktopCore;
  /** Electron's printing (main process); absent in the harness, where the browser prints. */
  printer?: TravelerPrinter | undefined;
}

const t = initTRPC.context<DesktopContext>().create();

/** Server failures reach the renderer as TRPCErrors with the server's (safe) message. */
const passThrough = t.middleware(async ({ next }) => {
  const result = await next();
  if (
    !result.ok &&
    !(result.error.cause instanceof TRPCError) &&
    result.error.code === "INTERNAL_SERVER_ERROR"
  ) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: errorMessage(result.error.cause ?? result.error),
    });
  }
  return result;
});
const p = t.procedure.use(passThrough);

/** What the admin screens and the customer's sent emails read and do, online only. */
const RELAYED_QUERIES = [
  "staff.users.list",
  "staff.settings.get",
  "staff.audit.list",
  "staff.reports.portalAdoption",
  "staff.reports.metrics",
  "feedback.forJob",
  "email.forCustomer",
  "email.outbox.list",
] as const satisfies readonly QueryPath[];
const RELAYED_MUTATIONS = [
  "staff.users.create",
  "staff.users.deactivate",
  "staff.users.resetPassword",
  "staff.settings.update",
  "email.outbox.retry",
] as const satisfies readonly MutationPath[];

const status = z.enum(JOB_STATUSES);
const jobNumber = z.string().min(1).max(40);
/** The editable job fields and their limits: the API's own schema (one definition). */
const jobFields = jobFieldsSchema.partial();
const customerFields = customerFieldsSchema.partial();

/** A file attached in the console: 100 MB of file is at most ~140 MB of base64. */
const attachedFile = z.object({
  fileName: z.string().min(1).max(255),
  base64: z.string().min(1).max(140_000_000),
});
const MESSAGE_FILES_MAX = 10;

const printTarget = z.union([z.object({ jobNumber }).strict(), z.object({ status }).strict()]);

/** Drops undefined keys (exactOptionalPropertyTypes-friendly patches). */
function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export const desktopRouter = t.router({
  status: p.query(({ ctx }) => ctx.core.statusView()),
  /** A record created here as `new:<id>`: its server key (job number, customer id) once pushed. */
  createdKey: p
    .input(z.object({ key: z.string().max(40) }))
    .query(({ ctx, input }) => ({ key: ctx.core.outbox.createdKey(input.key) })),
  session: t.router({
    remembered: p.query(({ ctx }) => ({ serverUrl: ctx.core.rememberedServer() })),
    signIn: p
      .input(
        z.object({
          serverUrl: z
            .string()
            .trim()
            .url("Enter the server address, e.g. https://shop.example.com"),
          username: z.string().trim().min(1, "Enter your username."),
          password: z.string().min(1, "Enter your password."),
          remember: z.boolean(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        try {
          return await ctx.core.signIn(input);
        } catch (error) {
          throw new TRPCError({ code: "UNAUTHORIZED", message: errorMessage(error) });
        }
      }),
    signOut: p
      .input(z.object({ removeData: z.boolean().optional() }).optional())
      .mutation(async ({ ctx, input }) => {
        await ctx.core.signOut({ removeData: input?.removeData ?? false });
        return { ok: true };
      }),
  }),
  sync: t.router({
    now: p.mutation(async ({ ctx }) => {
      await ctx.core.syncNow().catch(() => {});
      return ctx.core.status();
    }),
  }),
  jobs: t.router({
    board: p
      .input(
        z
          .object({ ownerId: z.number().int().nullable().optional(), rush: z.boolean().optional() })
          .optional(),
      )
      .query(({ ctx, input }) => board(ctx.core.db, 60, defined(input ?? {}))),
    /** The shop's calendar day (due flags on cards). */
    today: p.query(({ ctx }) => ctx.core.shopToday()),
    /** Overdue, due today and due this week, by the shop's calendar. */
    due: p.query(({ ctx }) => dueJobs(ctx.core.db, ctx.core.shopToday())),
    list: p
      .input(
        z.object({
          q: z.string().max(200).optional(),
          status: z.array(status).optional(),
          customerId: z.number().int().optional(),
          ownerId: z.number().int().nullable().optional(),
          rush: z.boolean().optional(),
          includeCompleted: z.boolean().optional(),
          limit: z.number().int().min(1).max(2_000).optional(),
          offset: z.number().int().min(0).max(10_000_000).optional(),
          sort: z.enum(JOB_SORTS).optional(),
          descending: z.boolean().optional(),
        }),
      )
      .query(({ ctx, input }) => {
        const started = performance.now();
        const result = listJobs(ctx.core.db, input);
        return { ...result, ms: Math.round((performance.now() - started) * 10) / 10 };
      }),
    get: p.input(z.object({ jobNumber })).query(({ ctx, input }) => {
      const job = getJob(ctx.core.db, input.jobNumber);
      if (!job) throw new TRPCError({ code: "NOT_FOUND", message: "Job not found." });
      return { ...job, pendingFiles: ctx.core.uploads.list(input.jobNumber) };
    }),
    create: p
      .input(
        jobFields.extend({
          customerId: z.number().int().min(1),
          title: jobFieldsSchema.shape.title,
        }),
      )
      .mutation(({ ctx, input }) => ctx.core.createJob(defined(input))),
    /** Queues the edit and, when online, waits for the server's answer (saved or refused). */
    update: p
      .input(
        z.object({
          jobNumber,
          version: z.number().int().min(1),
          patch: jobFields,
          base: jobFields,
          dueReason: staffJobUpdateInput.shape.dueReason,
        }),
      )
      .mutation(({ ctx, input }) =>
        ctx.core.settle(
          ctx.core.updateJob(
            input.jobNumber,
            input.version,
            defined(input.patch),
            defined(input.base),
            input.dueReason,
          ),
        ),
      ),
    setStatus: p
      .input(
        z.object({
          jobNumber,
          status,
          note: staffJobSetStatusInput.shape.note,
          visibleToCustomer: z.boolean(),
          progress: z.number().int().min(0).max(100).optional(),
          overrideProof: z.boolean().optional(),
        }),
      )
      .mutation(({ ctx, input }) => {
        ctx.core.setStatus(input);
        return { ok: true };
      }),
    setProgress: p
      .input(
        z.object({
          jobNumber,
          progress: z.number().int().min(0).max(100),
          note: staffJobSetProgressInput.shape.note,
          visibleToCustomer: z.boolean().optional(),
        }),
      )
      .mutation(({ ctx, input }) => {
        ctx.core.setProgress(input);
        return { ok: true };
      }),
    addPhoto: p
      .input(
        z.object({
          jobNumber,
          base64: z.string().min(1).max(14_000_000),
          caption: staffPhotoAddInput.shape.caption,
          visibleToCustomer: z.boolean().optional(),
        }),
      )
      .mutation(({ ctx, input }) => {
        ctx.core.addPhoto(input);
        return { ok: true };
      }),
    attachFile: p
      .input(
        z.object({
          jobNumber,
          ...attachedFile.shape,
          caption: z.string().max(500).optional(),
          visibleToCustomer: z.boolean().optional(),
        }),
      )
      .mutation(({ ctx, input }) => ctx.core.attachFile(input)),
    discardUpload: p.input(z.object({ id: z.number().int() })).mutation(({ ctx, input }) => {
      ctx.core.uploads.discard(input.id);
      return { ok: true };
    }),
    file: p
      .input(z.object({ jobNumber, fileId: z.number().int() }))
      .query(({ ctx, input }) => ctx.core.openFile(input.jobNumber, input.fileId)),
    /** A proof file's image for its pins: cached beside the cache once seen (issue 13). */
    proofImage: p
      .input(z.object({ jobNumber, fileId: z.number().int() }))
      .query(({ ctx, input }) => ctx.core.proofImage(input.jobNumber, input.fileId)),
    setPhotoVisibility: p
      .input(z.object({ jobNumber, photoId: z.number().int(), visibleToCustomer: z.boolean() }))
      .mutation(({ ctx, input }) => {
        ctx.core.setPhotoVisibility(input.photoId, input.visibleToCustomer, input.jobNumber);
        return { ok: true };
      }),
    /** The job's proof versions from the cache (live: proofs are synced). */
    proofs: p.input(z.object({ jobNumber })).query(({ ctx, input }) => ({
      proofs: jobProofs(ctx.core.db, input.jobNumber),
      files: proofFileChoices(ctx.core.db, input.jobNumber),
    })),
    sendProof: p
      .input(staffProofSendInput.omit({ idempotencyKey: true }))
      .mutation(({ ctx, input }) => {
        ctx.core.sendProof(input);
        return { ok: true };
      }),
    photo: p
      .input(z.object({ photoId: z.number().int(), variant: z.enum(["thumb", "full"]) }))
      .query(({ ctx, input }) => ctx.core.online("query", "staff.jobs.photos.get", input)),
  }),
  customers: t.router({
    list: p
      .input(z.object({ q: z.string().max(200).optional() }))
      .query(({ ctx, input }) => listCustomers(ctx.core.db, input.q)),
    get: p.input(z.object({ customerId: z.number().int() })).query(({ ctx, input }) => {
      const customer = getCustomer(ctx.core.db, input.customerId);
      if (!customer) throw new TRPCError({ code: "NOT_FOUND", message: "Customer not found." });
      return customer;
    }),
    create: p
      .input(
        customerFields.extend({
          name: customerFieldsSchema.shape.name,
          email: customerFieldsSchema.shape.email,
        }),
      )
      .mutation(({ ctx, input }) => ctx.core.createCustomer(defined(input))),
    update: p
      .input(
        z.object({
          customerId: z.number().int(),
          version: z.number().int().min(1),
          patch: customerFields,
          base: customerFields,
        }),
      )
      .mutation(({ ctx, input }) =>
        ctx.core.settle(
          ctx.core.updateCustomer(
            input.customerId,
            input.version,
            defined(input.patch),
            defined(input.base),
          ),
        ),
      ),
    invite: p.input(z.object({ customerId: z.number().int() })).mutation(({ ctx, input }) => {
      ctx.core.inviteCustomer(input.customerId);
      return { ok: true };
    }),
    setPortalEnabled: p
      .input(z.object({ customerId: z.number().int(), enabled: z.boolean() }))
      .mutation(({ ctx, input }) => {
        ctx.core.setPortalEnabled(input.customerId, input.enabled);
        return { ok: true };
      }),
  }),
  outbox: t.router({
    list: p.query(({ ctx }) => ctx.core.outbox.list().map(({ input: _input, ...rest }) => rest)),
    /** One decision for every conflicting edit of one record. */
    resolve: p
      .input(
        z.object({
          entity: z.enum(["job", "customer"]),
          entityKey: z.string().min(1).max(60),
          choice: z.enum(["mine", "theirs"]),
        }),
      )
      .mutation(({ ctx, input }) => {
        ctx.core.resolveConflict(input.entity, input.entityKey, input.choice);
        return { ok: true };
      }),
    discard: p.input(z.object({ id: z.number().int() })).mutation(({ ctx, input }) => {
      ctx.core.discardWrite(input.id);
      return { ok: true };
    }),
  }),
  /** Job travelers (issue 12), from the cache: works offline. */
  print: t.router({
    /** The printable document (the harness prints it through the browser). */
    document: p.input(printTarget).query(({ ctx, input }) => printDocument(ctx.core, input)),
    /**
     * Prints in the main process (Electron): the system print dialog or a PDF file. Without a
     * main-process printer (the harness) it answers `handled: false` and prints nothing.
     */
    run: p
      .input(z.object({ target: printTarget, mode: z.enum(["print", "pdf"]) }))
      .mutation(async ({ ctx, input }) => {
        if (!ctx.printer) return { handled: false as const, done: false, message: "" };
        const doc = await printDocument(ctx.core, input.target);
        const result =
          input.mode === "pdf" ? await ctx.printer.savePdf(doc) : await ctx.printer.print(doc);
        return { handled: true as const, ...result };
      }),
  }),
  /** Messages on jobs (issue 14): the Inbox from the cache; replies queued like every write. */
  messages: t.router({
    inbox: p
      .input(z.object({ includeAnswered: z.boolean().optional() }).optional())
      .query(({ ctx, input }) => inbox(ctx.core.db, defined(input ?? {}))),
    thread: p.input(z.object({ jobNumber })).query(({ ctx, input }) => ({
      jobNumber: input.jobNumber,
      messages: thread(ctx.core.db, input.jobNumber),
    })),
    /** Queued; files attached here upload first and go with the reply (issue 14). */
    reply: p
      .input(
        z.object({
          jobNumber,
          body: messageBodySchema,
          files: z.array(attachedFile).max(MESSAGE_FILES_MAX).optional(),
        }),
      )
      .mutation(({ ctx, input }) => {
        ctx.core.reply(input);
        return { ok: true };
      }),
    markRead: p.input(z.object({ jobNumber })).mutation(({ ctx, input }) => {
      ctx.core.queue({
        procedure: "staff.messages.markRead",
        input,
        entity: "message",
        entityKey: input.jobNumber,
        label: `Read the messages on ${input.jobNumber}`,
      });
      return { ok: true };
    }),
  }),
  /** Quote requests (issue 14): the Requests inbox from the cache; answers queued. */
  quotes: t.router({
    list: p.query(({ ctx }) => listQuoteRequests(ctx.core.db)),
    /** A request's file from the server (online only). */
    file: p
      .input(z.object({ requestNumber: requestNumberSchema, fileId: z.number().int() }))
      .query(({ ctx, input }) => ctx.core.openRequestFile(input.requestNumber, input.fileId)),
    quote: p
      .input(
        z.object({
          requestNumber: requestNumberSchema,
          priceCents: priceCentsSchema,
          validUntil: staffQuoteInput.shape.validUntil,
          note: staffQuoteInput.shape.note,
        }),
      )
      .mutation(({ ctx, input }) => {
        ctx.core.queue({
          procedure: "staff.quotes.quote",
          input: defined(input),
          entity: "quote",
          entityKey: input.requestNumber,
          label: `Quote ${formatPrice(input.priceCents, ctx.core.shopCurrency())} for ${input.requestNumber}`,
        });
        return { ok: true };
      }),
    decline: p
      .input(
        z.object({ requestNumber: requestNumberSchema, reason: staffDeclineInput.shape.reason }),
      )
      .mutation(({ ctx, input }) => {
        ctx.core.queue({
          procedure: "staff.quotes.decline",
          input,
          entity: "quote",
          entityKey: input.requestNumber,
          label: `Decline ${input.requestNumber}`,
        });
        return { ok: true };
      }),
    convert: p
      .input(z.object({ requestNumber: requestNumberSchema }))
      .mutation(({ ctx, input }) => {
        ctx.core.queue({
          procedure: "staff.quotes.convert",
          input,
          entity: "quote",
          entityKey: input.requestNumber,
          label: `Job from ${input.requestNumber}`,
        });
        return { ok: true };
      }),
  }),
  staffUsers: t.router({
    cached: p.query(({ ctx }) => listStaff(ctx.core.db)),
  }),
  /**
   * Admin screens and the customer's sent emails: online only, straight to the server (it
   * enforces the roles: `email.outbox.*` is admin-only, `email.forCustomer` any staff).
   */
  server: t.router({
    query: p
      .input(
        z.object({
          path: z.enum(RELAYED_QUERIES),
          input: z.unknown().optional(),
        }),
      )
      .query(({ ctx, input }) => ctx.core.relay("query", input.path, input.input)),
    mutate: p
      .input(
        z.object({
          path: z.enum(RELAYED_MUTATIONS),
          input: z.unknown().optional(),
        }),
      )
      .mutation(({ ctx, input }) => ctx.core.relay("mutation", input.path, input.input)),
  }),
});

export type DesktopRouter = typeof desktopRouter;
