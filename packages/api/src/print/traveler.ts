/**
 * The job traveler (issue 12): the sheet that travels with a job on the shop floor. One renderer
 * for the portal's print pages and the console's print (which renders from its local cache, so it
 * works offline). Pure: data in, HTML out; no database, no server code.
 *
 * Black and white friendly (nothing is told by colour, no backgrounds needed), fits one A4 or one
 * Letter page for a typical job, and each traveler of a batch starts a new page.
 */
import QRCode from "qrcode";
import { escapeHtml, escapeMultiline } from "../email/layout.ts";
import { JOB_STATUS_VALUES, type JobStatusValue } from "../schemas/common.ts";
import { JOB_STATUS_LABELS } from "../schemas/labels.ts";
import { formatDateTime, formatDay, formatQuantity } from "../schemas/shop-time.ts";

/** What a traveler shows of a job. */
export interface TravelerJob {
  jobNumber: string;
  title: string;
  customerName: string;
  description: string;
  quantity: number;
  /** Calendar day 'YYYY-MM-DD' or none. */
  estimatedCompletion: string | null;
  status: JobStatusValue;
  specifications: { name: string; value: string }[];
  specialInstructions: string;
}

/** What a traveler shows of the shop. */
export interface TravelerShop {
  name: string;
  address: string;
  phone: string;
  /** IANA zone: the "printed at" time is in shop time. */
  timeZone: string;
}

export interface TravelerBatch {
  shop: TravelerShop;
  jobs: TravelerJob[];
  /** The portal's public address (PUBLIC_URL): each QR code opens the job's staff page there. */
  publicUrl: string;
  /** When it was printed (shown on each sheet in shop time). */
  printedAt: Date;
}

/** The staff page of a job in the portal: what a traveler's QR code holds. */
export function staffJobUrl(publicUrl: string, jobNumber: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/admin/job/${encodeURIComponent(jobNumber)}`;
}

/** The QR code of a URL as an inline SVG (error correction M survives a smudged sheet). */
export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  // Any XML prolog is not valid inside HTML.
  return svg
    .replace(/^<\?xml[^>]*>\s*/, "")
    .replace(
      "<svg ",
      `<svg class="traveler-qr-code" role="img" aria-label="QR code: ${escapeHtml(url)}" `,
    );
}

/** The print stylesheet of travelers; scoped to `.traveler` except the page box. */
export const TRAVELER_CSS = `
@page { size: auto; margin: 12mm; }
.traveler { box-sizing: border-box; color: #000; background: #fff; max-width: 190mm; margin: 0 auto;
  font: 10.5pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.traveler *, .traveler *::before, .traveler *::after { box-sizing: border-box; }
.traveler h1, .traveler h2, .traveler h3, .traveler p, .traveler dl, .traveler dd, .traveler table { margin: 0; }
.traveler-head { display: flex; gap: 6mm; align-items: flex-start; border-bottom: 0.6mm solid #000; padding-bottom: 3mm; }
.traveler-head-text { flex: 1 1 auto; min-width: 0; }
.traveler-shop { font-size: 11pt; font-weight: 700; }
.traveler-shop-contact { font-size: 8.5pt; white-space: pre-line; }
.traveler-number { font: 700 26pt/1.1 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  letter-spacing: 0.02em; margin-top: 2mm; overflow-wrap: anywhere; }
.traveler-title { font-size: 14pt; font-weight: 700; margin-top: 1mm; overflow-wrap: anywhere; }
.traveler-qr { flex: 0 0 34mm; text-align: center; font-size: 7.5pt; }
.traveler-qr-code { display: block; width: 34mm; height: 34mm; }
.traveler-facts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0 4mm; margin-top: 3mm;
  border-bottom: 0.3mm solid #000; padding-bottom: 2.5mm; }
.traveler-facts dt { font-size: 8pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
.traveler-facts dd { font-size: 11.5pt; font-weight: 600; overflow-wrap: anywhere; }
.traveler-section { margin-top: 3.5mm; break-inside: avoid; }
.traveler-section h2 { font-size: 9pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em;
  margin-bottom: 1.2mm; }
.traveler-text { white-space: pre-line; overflow-wrap: anywhere; }
.traveler-instructions { border: 0.6mm solid #000; padding: 2mm 3mm; font-weight: 600; }
.traveler table { width: 100%; border-collapse: collapse; }
.traveler th, .traveler td { border: 0.25mm solid #000; padding: 1.2mm 2mm; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
.traveler thead th { font-size: 8pt; text-transform: uppercase; letter-spacing: 0.04em; }
.traveler-specs th[scope="row"] { width: 38%; font-weight: 600; }
.traveler-checklist td, .traveler-checklist th[scope="row"] { height: 8.5mm; vertical-align: middle; }
.traveler-checklist th[scope="row"] { font-weight: 600; }
.traveler-box { display: inline-block; width: 4.5mm; height: 4.5mm; border: 0.4mm solid #000; margin-right: 2mm;
  vertical-align: -0.8mm; }
.traveler-checklist .traveler-col-done { width: 44%; }
.traveler-checklist .traveler-col-initials { width: 20%; }
.traveler-now { font-weight: 400; font-size: 8.5pt; }
.traveler-notes { border: 0.25mm solid #000; padding: 0 2mm; }
.traveler-line { height: 8mm; border-bottom: 0.2mm solid #000; }
.traveler-line:last-child { border-bottom: 0; }
.traveler-foot { margin-top: 3mm; font-size: 8pt; display: flex; justify-content: space-between; gap: 4mm; }
@media screen {
  .traveler { padding: 10mm 12mm; border: 1px solid #8a8f96; margin-bottom: 1.5rem; }
}
@media screen and (max-width: 560px) {
  .traveler { padding: 4mm; }
  .traveler-head { flex-direction: column-reverse; }
  .traveler-facts { grid-template-columns: repeat(2, 1fr); gap: 2mm 4mm; }
  .traveler thead th { letter-spacing: 0; }
  .traveler-checklist .traveler-col-done { width: 40%; }
}
@media print {
  .traveler { max-width: none; break-after: page; }
  .traveler:last-child { break-after: auto; }
}
`;

function row(label: string, html: string): string {
  return `<div><dt>${escapeHtml(label)}</dt><dd>${html}</dd></div>`;
}

/** One traveler sheet (an `<article>`). */
export async function renderTraveler(
  job: TravelerJob,
  shop: TravelerShop,
  options: { publicUrl: string; printedAt: Date },
): Promise<string> {
  const url = staffJobUrl(options.publicUrl, job.jobNumber);
  const contact = [shop.address.trim(), shop.phone.trim()].filter(Boolean).join("\n");
  const specs = job.specifications.filter((s) => s.name.trim() || s.value.trim());
  const checklist = JOB_STATUS_VALUES.map(
    (status) => `<tr>
  <th scope="row"><span class="traveler-box" aria-hidden="true"></span>${escapeHtml(JOB_STATUS_LABELS[status])}${
    status === job.status ? ' <span class="traveler-now">(status when printed)</span>' : ""
  }</th>
  <td></td>
  <td></td>
</tr>`,
  ).join("\n");
  return `<article class="traveler" data-job-number="${escapeHtml(job.jobNumber)}" aria-label="Traveler for job ${escapeHtml(job.jobNumber)}">
<header class="traveler-head">
  <div class="traveler-head-text">
    <p class="traveler-shop">${escapeHtml(shop.name)}</p>
    ${contact ? `<p class="traveler-shop-contact">${escapeHtml(contact)}</p>` : ""}
    <h1 class="traveler-number">${escapeHtml(job.jobNumber)}</h1>
    <p class="traveler-title">${escapeHtml(job.title)}</p>
  </div>
  <div class="traveler-qr">
    ${await qrSvg(url)}
    <p>Scan to update this job</p>
  </div>
</header>
<dl class="traveler-facts">
  ${row("Customer", escapeHtml(job.customerName))}
  ${row("Due", job.estimatedCompletion ? escapeHtml(formatDay(job.estimatedCompletion)) : "Not scheduled")}
  ${row("Quantity", escapeHtml(formatQuantity(job.quantity)))}
  ${row("Status", escapeHtml(JOB_STATUS_LABELS[job.status]))}
</dl>
${
  job.description.trim()
    ? `<section class="traveler-section"><h2>Description</h2><p class="traveler-text">${escapeHtml(job.description.trim())}</p></section>`
    : ""
}
<section class="traveler-section">
  <h2>Specifications</h2>
  ${
    specs.length
      ? `<table class="traveler-specs"><tbody>${specs
          .map(
            (s) =>
              `<tr><th scope="row">${escapeHtml(s.name)}</th><td>${escapeMultiline(s.value)}</td></tr>`,
          )
          .join("")}</tbody></table>`
      : "<p>None recorded.</p>"
  }
</section>
<section class="traveler-section">
  <h2>Special instructions</h2>
  ${
    job.specialInstructions.trim()
      ? `<p class="traveler-instructions traveler-text">${escapeHtml(job.specialInstructions.trim())}</p>`
      : "<p>None.</p>"
  }
</section>
<section class="traveler-section">
  <h2>Status checklist</h2>
  <table class="traveler-checklist">
    <thead><tr><th scope="col" class="traveler-col-done">Step done</th><th scope="col" class="traveler-col-initials">Initials</th><th scope="col">Date</th></tr></thead>
    <tbody>
${checklist}
    </tbody>
  </table>
</section>
<section class="traveler-section">
  <h2>Notes</h2>
  <div class="traveler-notes">${'<div class="traveler-line"></div>'.repeat(4)}</div>
</section>
<footer class="traveler-foot">
  <span>${escapeHtml(url)}</span>
  <span>Printed ${escapeHtml(formatDateTime(options.printedAt, shop.timeZone))}</span>
</footer>
</article>`;
}

/** Every job's traveler, in order, as one HTML fragment, with the stylesheet they need. */
export async function renderTravelers(
  batch: TravelerBatch,
): Promise<{ html: string; css: string }> {
  const options = { publicUrl: batch.publicUrl, printedAt: batch.printedAt };
  const sheets = await Promise.all(
    batch.jobs.map((job) => renderTraveler(job, batch.shop, options)),
  );
  return { html: sheets.join("\n"), css: TRAVELER_CSS };
}

/**
 * A whole printable document (the console prints it in a hidden window or an iframe): the
 * travelers on a white page, nothing else.
 */
export async function travelerDocument(batch: TravelerBatch, title: string): Promise<string> {
  const { html, css } = await renderTravelers(batch);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
<style>
html, body { margin: 0; background: #fff; }
@media screen { body { padding: 16px; } }
${css}
</style>
</head>
<body>
${html}
</body>
</html>
`;
}
