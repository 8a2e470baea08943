import {
  type Actor,
  type ApiContext,
  type ApiServices,
  attachFileAsCustomer,
  attachFileAsStaff,
  createCaller,
  createContextFromHeaders,
  customerFileForDownload,
  customerFileThumbnail,
  customerRequestFileForDownload,
  type FileForDownload,
  staffFileForDownload,
  staffFileThumbnail,
  staffRequestFileForDownload,
} from "@traveler/api/server";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import express, { type Request, type Response } from "express";
import { receiveUpload, UploadFormError } from "./receive-upload.ts";
import { sendFile } from "./send-file.ts";

type Staff = Extract<Actor, { type: "staff" }>;
type Customer = Extract<Actor, { type: "customer" }>;
type Role = "staff" | "customer";
/** The context of a request signed in as `R`. */
type SignedIn<R extends Role> = ApiContext & { actor: R extends "staff" ? Staff : Customer };

const JOB = ":jobNumber(J-\\d{4}-\\d{4,9})";
const FILE = ":fileId(\\d{1,15})";
const REQUEST = ":requestNumber(Q-\\d{5,12})";

/**
 * Files over plain HTTP (issue 13; docs/api.md "Files"): multipart uploads streamed into the
 * storage, downloads streamed out with ranges, thumbnails. Authenticated by the session cookie
 * (pages) or a Bearer token (the console), authorized like the job: staff any job, a customer
 * their own jobs and only the files shared with them. The global Origin check has already run.
 *
 *   POST /admin/job/:jobNumber/files              staff upload (fields: caption, visibleToCustomer)
 *   POST /admin/job/:jobNumber/files/:id          staff: intent=caption|visibility|remove
 *   GET  /admin/job/:jobNumber/files/:id          staff download (?download=1: attachment)
 *   GET  /admin/job/:jobNumber/files/:id/thumb    staff thumbnail (WebP)
 *   POST /customer/job/:jobNumber/files           customer upload (field: caption)
 *   GET  /customer/job/:jobNumber/files/:id       customer download
 *   GET  /customer/job/:jobNumber/files/:id/thumb customer thumbnail
 *   GET  /admin/requests/:requestNumber/files/:id  staff download of a quote request's file
 *   GET  /customer/quotes/:requestNumber/files/:id customer download (their own requests only)
 * (A quote request's files are uploaded with the request: the /customer/quotes/new form.)
 *
 * A form post is answered with a redirect to the job page (303) or, when refused, a short page
 * with the reason and its status (400 type, 413 size, 404 job); `Accept: application/json`
 * gets JSON (201 with the file; errors as { error: { message, code } }).
 */
export function fileRoutes(services: ApiServices): express.Router {
  const routes = express.Router();

  const contextOf = (req: Request) =>
    createContextFromHeaders(services, {
      cookieHeader: req.headers.cookie,
      authorization: req.headers.authorization,
      ip: req.ip ?? null,
      userAgent: req.get("user-agent") ?? null,
      requestId: String((req as { id?: unknown }).id ?? "internal"),
    });

  /** The context if its actor is of `type`; otherwise answers 401/403 and returns null. */
  async function signedIn<R extends Role>(
    req: Request,
    res: Response,
    type: R,
  ): Promise<SignedIn<R> | null> {
    const ctx = await contextOf(req);
    if (ctx.actor.type === type) return ctx as SignedIn<R>;
    const status = ctx.actor.type === "anonymous" ? 401 : 403;
    const message =
      status === 401 ? "Please sign in again." : "This page is for another kind of account.";
    refuse(req, res, status, message, jobPage(req));
    return null;
  }

  const handle =
    (fn: (req: Request, res: Response) => Promise<void>): express.RequestHandler =>
    (req, res, next) => {
      fn(req, res).catch((error: unknown) => {
        if (error instanceof UploadFormError) {
          return refuse(req, res, error.status, error.message, jobPage(req));
        }
        if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
          return refuse(req, res, getHTTPStatusCodeFromError(error), error.message, jobPage(req));
        }
        next(error);
      });
    };

  routes.post(
    `/admin/job/${JOB}/files`,
    handle(async (req, res) => {
      const ctx = await signedIn(req, res, "staff");
      if (!ctx) return;
      const result = await receiveUpload(req, (file, fields, fileName) =>
        attachFileAsStaff(
          ctx,
          {
            jobNumber: req.params.jobNumber,
            fileName: fields.fileName ?? fileName,
            ...(fields.caption ? { caption: fields.caption } : {}),
            visibleToCustomer:
              fields.visibleToCustomer === "on" || fields.visibleToCustomer === "true",
            idempotencyKey: req.get("idempotency-key") ?? undefined,
          },
          file,
        ),
      );
      uploaded(req, res, result);
    }),
  );

  routes.post(
    `/customer/job/${JOB}/files`,
    handle(async (req, res) => {
      const ctx = await signedIn(req, res, "customer");
      if (!ctx) return;
      const result = await receiveUpload(req, (file, fields, fileName) =>
        attachFileAsCustomer(
          ctx,
          {
            jobNumber: req.params.jobNumber,
            fileName,
            ...(fields.caption ? { caption: fields.caption } : {}),
          },
          file,
        ),
      );
      uploaded(req, res, result);
    }),
  );

  // The staff page's caption / visibility / delete forms (urlencoded, a few fields).
  routes.post(
    `/admin/job/${JOB}/files/${FILE}`,
    express.urlencoded({ extended: false, limit: "8kb", parameterLimit: 10 }),
    handle(async (req, res) => {
      const ctx = await signedIn(req, res, "staff");
      if (!ctx) return;
      const files = createCaller(ctx).staff.jobs.files;
      const fileId = Number(req.params.fileId);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const intent = body.intent;
      if (intent === "caption") {
        await files.setCaption({ fileId, caption: String(body.caption ?? "") });
      } else if (intent === "visibility") {
        await files.setVisibility({ fileId, visibleToCustomer: body.visibleToCustomer === "true" });
      } else if (intent === "remove") {
        await files.remove({ fileId });
      } else {
        throw new UploadFormError(400, "Unknown action.");
      }
      res.setHeader("Cache-Control", "no-store");
      res.redirect(303, `${jobPage(req)}?file=${intent}#files`);
    }),
  );

  routes.get(
    `/admin/job/${JOB}/files/${FILE}`,
    handle(async (req, res) => {
      const ctx = await signedIn(req, res, "staff");
      if (!ctx) return;
      await sendFile(
        services,
        req,
        res,
        await staffFileForDownload(ctx, Number(req.params.fileId)),
      );
    }),
  );

  routes.get(
    `/customer/job/${JOB}/files/${FILE}`,
    handle(async (req, res) => {
      const ctx = await signedIn(req, res, "customer");
      if (!ctx) return;
      // One audit row per download, not per range request of the same download.
      const first = req.method === "GET" && !/^bytes=(?!0-)/.test(req.get("range") ?? "");
      const file = await customerFileForDownload(
        ctx,
        req.params.jobNumber as string,
        Number(req.params.fileId),
        { audit: first },
      );
      await sendFile(services, req, res, file);
    }),
  );

  /** A quote request's file download, for one role. */
  const requestFileRoute = <R extends Role>(
    path: string,
    type: R,
    find: (ctx: SignedIn<R>, requestNumber: string, fileId: number) => Promise<FileForDownload>,
  ) =>
    routes.get(
      path,
      handle(async (req, res) => {
        const ctx = await signedIn(req, res, type);
        if (!ctx) return;
        const { requestNumber, fileId } = req.params as { requestNumber: string; fileId: string };
        await sendFile(services, req, res, await find(ctx, requestNumber, Number(fileId)));
      }),
    );
  // A quote request's files (issue 14): staff any request, a customer only their own.
  requestFileRoute(
    `/admin/requests/${REQUEST}/files/${FILE}`,
    "staff",
    staffRequestFileForDownload,
  );
  requestFileRoute(
    `/customer/quotes/${REQUEST}/files/${FILE}`,
    "customer",
    customerRequestFileForDownload,
  );

  routes.get(
    `/admin/job/${JOB}/files/${FILE}/thumb`,
    handle(async (req, res) => {
      const ctx = await signedIn(req, res, "staff");
      if (!ctx) return;
      sendThumbnail(req, res, await staffFileThumbnail(ctx, Number(req.params.fileId)), false);
    }),
  );

  routes.get(
    `/customer/job/${JOB}/files/${FILE}/thumb`,
    handle(async (req, res) => {
      const ctx = await signedIn(req, res, "customer");
      if (!ctx) return;
      const thumb = await customerFileThumbnail(
        ctx,
        req.params.jobNumber as string,
        Number(req.params.fileId),
      );
      sendThumbnail(req, res, thumb, true);
    }),
  );

  return routes;
}

function sendThumbnail(
  req: Request,
  res: Response,
  thumb: { bytes: Buffer; sha256: string },
  shared: boolean,
) {
  const etag = `"t-${thumb.sha256}"`;
  res.setHeader("ETag", etag);
  // Staff thumbnails may be of internal files: never stored.
  res.setHeader("Cache-Control", shared ? "private, max-age=300" : "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (req.get("if-none-match") === etag) {
    res.status(304).end();
    return;
  }
  res.type("image/webp").send(thumb.bytes);
}

/** The job page an upload came from (where a refused form's page links back to). */
function jobPage(req: Request): string | null {
  const jobNumber = req.params.jobNumber;
  if (!jobNumber) return null;
  return `/${req.path.startsWith("/admin/") ? "admin" : "customer"}/job/${encodeURIComponent(jobNumber)}`;
}

function wantsJson(req: Request) {
  return (req.get("accept") ?? "").includes("application/json");
}

function uploaded(req: Request, res: Response, result: { file: { id: number } }) {
  res.setHeader("Cache-Control", "no-store");
  if (wantsJson(req)) {
    res.status(201).json(result);
    return;
  }
  res.redirect(303, `${jobPage(req)}?uploaded=${result.file.id}#files`);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A refused request: JSON for the console, a short readable page for a browser form. */
function refuse(req: Request, res: Response, status: number, message: string, back: string | null) {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).setHeader("Cache-Control", "no-store");
  if (wantsJson(req) || req.method !== "POST") {
    if (wantsJson(req)) {
      res.json({ error: { message, code: status } });
    } else {
      res.type("text/plain").send(message);
    }
    return;
  }
  const link = back ? `<p><a href="${escapeHtml(back)}#files">Back to the job</a></p>` : "";
  res
    .type("text/html")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Upload refused</title></head><body><main><h1>The file was not uploaded</h1><p role="alert">${escapeHtml(message)}</p>${link}</main></body></html>`,
    );
}
