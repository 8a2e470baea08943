/**
 * The development mail page's data (`/dev/mail`): on a machine without SMTP, every queued email
 * can be read and its links clicked. It is no procedure on purpose: the page exists only when
 * `isDevMailEnabled` says so, and the portal renders it server-side.
 */
import type { Db, EmailStatus } from "@traveler/db";
import { type LinkOptions, renderJobUpdate } from "./render-job-update.ts";

/**
 * On when no SMTP server is configured AND this is not a production deployment: the embedded
 * database (a fresh machine, even under `npm start`), or any database outside NODE_ENV=production.
 * Off whenever SMTP_URL is set, and in production against a real DATABASE_URL.
 */
export function isDevMailEnabled(input: {
  smtpUrl: string | undefined;
  embeddedDatabase: boolean;
  nodeEnv: string | undefined;
}): boolean {
  if (input.smtpUrl) return false;
  return input.embeddedDatabase || input.nodeEnv !== "production";
}

export interface DevMailSummary {
  id: number;
  kind: string;
  to: string;
  subject: string;
  status: EmailStatus;
  createdAt: string;
}

export interface DevMailMessage extends DevMailSummary {
  text: string;
  html: string;
  headers: Record<string, string>;
}

export async function listDevMail(
  db: Db,
  links?: LinkOptions,
  limit = 100,
): Promise<DevMailSummary[]> {
  const rows = await db
    .selectFrom("email_outbox")
    .select([
      "id",
      "kind",
      "customer_id",
      "to_address",
      "subject",
      "html_body",
      "status",
      "created_at",
      "job_history_ids",
    ])
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  const summaries: DevMailSummary[] = [];
  for (const r of rows) {
    // A job update is rendered when sent; show the subject it would have now.
    const rendered =
      links && r.kind === "job_update" && r.html_body === ""
        ? await renderJobUpdate(db, r, links)
        : null;
    summaries.push({
      id: r.id,
      kind: r.kind,
      to: r.to_address,
      subject: rendered?.subject ?? r.subject,
      status: r.status,
      createdAt: r.created_at.toISOString(),
    });
  }
  return summaries;
}

/** One message; a job update not rendered yet is rendered now (not stored). */
export async function getDevMail(
  db: Db,
  id: number,
  links: LinkOptions,
): Promise<DevMailMessage | null> {
  const row = await db
    .selectFrom("email_outbox")
    .select([
      "id",
      "kind",
      "customer_id",
      "to_address",
      "subject",
      "text_body",
      "html_body",
      "headers",
      "status",
      "created_at",
      "job_history_ids",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  let content = {
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    headers: row.headers,
  };
  if (row.kind === "job_update" && row.html_body === "") {
    const rendered = await renderJobUpdate(db, row, links);
    if (rendered) content = rendered;
  }
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    ...content,
  };
}
