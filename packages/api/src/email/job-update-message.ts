/**
 * The job-update email: one or more customer-visible status changes (coalesced), each with the
 * new status, the note, progress and estimated completion, and a link to the job page.
 * Only customer-visible history reaches here; internal shop notes never do.
 */
import type { JobStatus } from "@traveler/db";
import { JOB_STATUS_LABELS as STATUS_LABELS } from "../schemas/labels.ts";
import { describeDueChange, formatShortDay } from "../schemas/shop-time.ts";
import type { ShopContact } from "../shop-settings.ts";
import { formatDateTime, formatDay } from "./format-time.ts";
import {
  buttonLink,
  emailDocument,
  escapeHtml,
  escapeMultiline,
  link,
  mutedParagraph,
  paragraph,
  shopFooterText,
} from "./layout.ts";
import type { RenderedMessage } from "./rendered-message.ts";

export interface JobUpdateItem {
  jobNumber: string;
  title: string;
  status: JobStatus;
  progress: number | null;
  note: string;
  estimatedCompletion: string | null;
  /** Set when this update is a revised estimated completion (the note is the shop's reason). */
  due?: { from: string | null; to: string | null } | null;
  at: Date;
  /** The signed one-time link to rate the job (completed jobs only). */
  rateUrl?: string | null;
}

export interface JobUpdateMessageInput {
  customerName: string;
  updates: JobUpdateItem[];
  publicUrl: string;
  unsubscribeUrl: string;
  shop: ShopContact;
}

export function jobUrl(publicUrl: string, jobNumber: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/customer/job/${encodeURIComponent(jobNumber)}`;
}

export function settingsUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/customer/settings`;
}

function subjectFor(updates: JobUpdateItem[], shopName: string): string {
  const first = updates[0];
  if (updates.length === 1 && first) {
    if (first.due) {
      return first.due.to
        ? `New date for ${first.jobNumber}: ${formatShortDay(first.due.to)}`
        : `${first.jobNumber}: the estimated completion date was removed`;
    }
    if (first.status === "ready_for_pickup") return `${first.jobNumber} is ready for pickup`;
    if (first.status === "completed") return `${first.jobNumber} is completed`;
    return `Update on ${first.jobNumber}: ${STATUS_LABELS[first.status]}`;
  }
  const jobs = new Set(updates.map((u) => u.jobNumber));
  return jobs.size === 1 && first
    ? `${updates.length} updates on ${first.jobNumber}`
    : `${updates.length} updates on your jobs at ${shopName}`;
}

function textItem(item: JobUpdateItem, publicUrl: string, timeZone: string): string {
  const lines = [
    `${item.jobNumber} · ${item.title}`,
    `Status: ${STATUS_LABELS[item.status]}${item.progress !== null ? ` (${item.progress}% done)` : ""}`,
  ];
  if (item.due) lines.push(`Estimated completion ${describeDueChange(item.due.from, item.due.to)}`);
  if (item.note) lines.push(`${item.due ? "Reason" : "Note"}: ${item.note}`);
  lines.push(
    `Estimated completion: ${item.estimatedCompletion ? formatDay(item.estimatedCompletion) : "not set yet"}`,
  );
  lines.push(`Updated: ${formatDateTime(item.at, timeZone)}`);
  lines.push(`Details: ${jobUrl(publicUrl, item.jobNumber)}`);
  if (item.rateUrl) lines.push(`How did we do? Rate this job: ${item.rateUrl}`);
  return lines.join("\n");
}

function htmlItem(item: JobUpdateItem, publicUrl: string, timeZone: string): string {
  const rows: [string, string][] = [
    [
      "Status",
      `<strong>${escapeHtml(STATUS_LABELS[item.status])}</strong>${item.progress !== null ? ` (${item.progress}% done)` : ""}`,
    ],
  ];
  if (item.due) {
    rows.push([
      "New date",
      `<strong>${escapeHtml(describeDueChange(item.due.from, item.due.to))}</strong>`,
    ]);
  }
  if (item.note) rows.push([item.due ? "Reason" : "Note", escapeMultiline(item.note)]);
  rows.push([
    "Estimated completion",
    item.estimatedCompletion ? escapeHtml(formatDay(item.estimatedCompletion)) : "Not set yet",
  ]);
  rows.push(["Updated", escapeHtml(formatDateTime(item.at, timeZone))]);
  const details = rows
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 12px 4px 0;vertical-align:top;font-size:15px;color:#4b5563;white-space:nowrap;">${label}</td><td style="padding:4px 0;font-size:15px;line-height:1.5;color:#1f2328;">${value}</td></tr>`,
    )
    .join("");
  return `<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;color:#1f2328;">${escapeHtml(item.jobNumber)}: ${escapeHtml(item.title)}</h2>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px;">${details}</table>
${paragraph(buttonLink(jobUrl(publicUrl, item.jobNumber), `View job ${item.jobNumber}`))}${item.rateUrl ? `\n${paragraph(`How did we do? ${link(item.rateUrl, `Rate job ${item.jobNumber}`)}`)}` : ""}`;
}

export function renderJobUpdateMessage(input: JobUpdateMessageInput): RenderedMessage {
  const { shop, updates } = input;
  const subject = subjectFor(updates, shop.name);
  const intro =
    updates.length === 1 ? "There is news about your job:" : "There is news about your jobs:";
  const text = [
    `Hello ${input.customerName},`,
    "",
    intro,
    "",
    updates.map((u) => textItem(u, input.publicUrl, input.shop.timeZone)).join("\n\n"),
    "",
    shopFooterText(shop),
    "",
    `You get these emails because you asked for job updates. To stop them, open: ${input.unsubscribeUrl}`,
    `Or choose which updates you get: ${settingsUrl(input.publicUrl)}`,
  ].join("\n");
  const html = emailDocument({
    title: subject,
    shop,
    body: [
      paragraph(`Hello ${escapeHtml(input.customerName)},`),
      paragraph(intro),
      updates.map((u) => htmlItem(u, input.publicUrl, input.shop.timeZone)).join("\n"),
    ].join("\n"),
    footerExtra: mutedParagraph(
      `You get these emails because you asked for job updates. ${link(input.unsubscribeUrl, "Unsubscribe from job update emails")} or ${link(settingsUrl(input.publicUrl), "choose which updates you get")}.`,
    ),
  });
  return {
    subject,
    text,
    html,
    headers: {
      "List-Unsubscribe": `<${input.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
