/**
 * The one HTML frame every email uses: `lang`, a viewport for phones, presentation-only tables
 * (mail clients still need them for layout), system fonts, and colours that pass WCAG AA.
 */
import type { ShopContact } from "../shop-settings.ts";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Text with line breaks kept (notes, addresses). */
export function escapeMultiline(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, "<br>");
}

const TEXT = "#1f2328";
const MUTED = "#4b5563";
const LINK = "#0b57a4";

/** A call-to-action link styled as a button, with real link text. */
export function buttonLink(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="display:inline-block;background:${LINK};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px;">${escapeHtml(label)}</a>`;
}

export function paragraph(html: string): string {
  return `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:${TEXT};">${html}</p>`;
}

export function mutedParagraph(html: string): string {
  return `<p style="margin:0 0 12px;font-size:14px;line-height:1.5;color:${MUTED};">${html}</p>`;
}

export function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="color:${LINK};">${escapeHtml(label)}</a>`;
}

/** The shop's name and contact, as the closing block of every message. */
export function shopFooterHtml(shop: ShopContact): string {
  const lines = [`<strong>${escapeHtml(shop.name)}</strong>`];
  if (shop.address) lines.push(escapeMultiline(shop.address));
  if (shop.phone) lines.push(`Phone: ${escapeHtml(shop.phone)}`);
  if (shop.email) lines.push(`Email: ${link(`mailto:${shop.email}`, shop.email)}`);
  if (shop.hours) lines.push(`Hours: ${escapeHtml(shop.hours)}`);
  return mutedParagraph(lines.join("<br>"));
}

export function shopFooterText(shop: ShopContact): string {
  const lines = ["--", shop.name];
  if (shop.address) lines.push(shop.address);
  if (shop.phone) lines.push(`Phone: ${shop.phone}`);
  if (shop.email) lines.push(`Email: ${shop.email}`);
  if (shop.hours) lines.push(`Hours: ${shop.hours}`);
  return lines.join("\n");
}

/** Wraps body blocks into a complete, phone-friendly HTML document. */
export function emailDocument(input: {
  title: string;
  shop: ShopContact;
  body: string;
  /** Extra footer line(s) under the shop contact (e.g. the unsubscribe link). */
  footerExtra?: string;
}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(input.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;color:${TEXT};font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 24px;border-bottom:1px solid #e5e7eb;font-size:18px;font-weight:700;color:${TEXT};">${escapeHtml(input.shop.name)}</td></tr>
<tr><td style="padding:24px;">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:${TEXT};">${escapeHtml(input.title)}</h1>
${input.body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;">
${shopFooterHtml(input.shop)}${input.footerExtra ?? ""}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
