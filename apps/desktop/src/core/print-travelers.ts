import { type TravelerJob, travelerDocument } from "@traveler/api/print";
import { JOB_STATUS_LABELS, TRAVELER_BATCH_LIMIT } from "@traveler/api/schemas";
import { getJob } from "./cache/job-detail.ts";
import { listJobs } from "./cache/job-list.ts";
import { shopSettings } from "./cache/shop-settings.ts";
import type { DesktopCore } from "./desktop-core.ts";
import type { JobStatus } from "./sync-rows.ts";

/** Which travelers to print: one job (the editor) or a board column. */
export type PrintTarget = { jobNumber: string } | { status: JobStatus };

export interface PrintDocument {
  /** A whole HTML document: the travelers, one per page, and their print stylesheet. */
  html: string;
  /** Window title and the suggested PDF file name. */
  title: string;
  count: number;
  /** How many jobs matched (a column larger than TRAVELER_BATCH_LIMIT prints its first ones). */
  total: number;
}

/**
 * Prints in the main process (Electron: a hidden window's print dialog, or a PDF file). The
 * harness has none: its renderer prints the document through the browser.
 */
export interface TravelerPrinter {
  print(doc: PrintDocument): Promise<{ done: boolean; message: string }>;
  savePdf(doc: PrintDocument): Promise<{ done: boolean; message: string }>;
}

/**
 * The travelers of a job or a column, rendered from this computer's cache (so printing works
 * offline) by the same renderer as the portal's print pages. Their QR codes open the job in the
 * portal: the server's public address as last told by the server, else the address signed in to.
 */
export function printDocument(core: DesktopCore, target: PrintTarget): Promise<PrintDocument> {
  const publicUrl = core.publicUrl();
  if (!publicUrl) throw new Error("Sign in once to print: the QR codes need the portal's address.");
  const settings = shopSettings(core.db) ?? {};
  const text = (key: string, fallback = "") =>
    typeof settings[key] === "string" ? (settings[key] as string) : fallback;
  const column =
    "jobNumber" in target
      ? null
      : listJobs(core.db, {
          status: [target.status],
          includeCompleted: target.status === "completed",
          sort: "due",
          limit: TRAVELER_BATCH_LIMIT,
        });
  const numbers = column
    ? column.items.filter((j) => j.id !== null).map((j) => j.jobNumber)
    : [(target as { jobNumber: string }).jobNumber];
  const jobs: TravelerJob[] = [];
  for (const jobNumber of numbers) {
    const job = getJob(core.db, jobNumber);
    if (!job || job.id === null) continue;
    jobs.push({
      jobNumber: job.jobNumber,
      title: job.title,
      customerName: job.customerName,
      description: job.description,
      quantity: job.quantity,
      estimatedCompletion: job.estimatedCompletion,
      status: job.status,
      specifications: job.specifications,
      specialInstructions: job.specialInstructions,
    });
  }
  if ("jobNumber" in target && jobs.length === 0) throw new Error("Job not found.");
  const title =
    "jobNumber" in target
      ? `Traveler ${target.jobNumber}`
      : `Travelers, ${JOB_STATUS_LABELS[target.status]}`;
  return travelerDocument(
    {
      shop: {
        name: text("shopName", "Our shop"),
        address: text("address"),
        phone: text("phone"),
        timeZone: text("timeZone", "UTC"),
      },
      jobs,
      publicUrl,
      printedAt: new Date(),
    },
    title,
  ).then((html) => ({ html, title, count: jobs.length, total: column?.total ?? jobs.length }));
}
