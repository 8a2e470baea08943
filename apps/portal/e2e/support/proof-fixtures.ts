import { createHash, randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import sharp from "sharp";
import { CUSTOMER_A, expect, sql } from "./fixtures.ts";

/** A PNG with a label on a coloured ground (a proof's artwork). */
export async function png(label: string, color: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500">
    <rect width="800" height="500" fill="${color}"/>
    <text x="60" y="260" font-size="64" fill="#fff">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A file stored as the files feature stores it (one chunk in the PostgreSQL store). */
export async function attachFile(jobId: number, fileName: string, bytes: Buffer): Promise<number> {
  const key = randomBytes(16).toString("hex");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await sql(
    `insert into file_blobs (key, content_type, chunk_size, byte_size, sha256, completed_at)
     values ($1, 'image/png', $2, $3, $4, now())`,
    [key, bytes.length, bytes.length, sha256],
  );
  await sql("insert into file_chunks (blob_key, seq, data) values ($1, 0, $2)", [key, bytes]);
  const staff = await sql<{ id: number }>("select id from staff_users where username = 'sam'");
  const rows = await sql<{ id: number }>(
    `insert into job_files (job_id, storage_key, file_name, content_type, byte_size, sha256,
       visible_to_customer, uploaded_by_staff)
     values ($1, $2, $3, 'image/png', $4, $5, false, $6) returning id`,
    [jobId, key, fileName, bytes.length, sha256, staff[0]!.id],
  );
  return Number(rows[0]!.id);
}

export async function newJob(title: string): Promise<{ id: number; jobNumber: string }> {
  const rows = await sql<{ id: number; job_number: string }>(
    `insert into jobs (customer_id, title) select id, $2 from customers where email = $1
     returning id, job_number`,
    [CUSTOMER_A.email, title],
  );
  return { id: Number(rows[0]!.id), jobNumber: rows[0]!.job_number };
}

/** Staff send a proof of one of the job's files from the staff job page. */
export async function staffSends(page: Page, jobNumber: string, fileName: string, message: string) {
  await page.goto(`/admin/job/${jobNumber}`);
  const section = page.locator("section", {
    has: page.getByRole("heading", { name: "Proof", exact: true }),
  });
  await section.getByLabel(new RegExp(fileName.replace(".", "\\."))).check();
  await section.getByLabel("Message to the customer").fill(message);
  await section.getByRole("button", { name: /Send proof version/ }).click();
  await expect(page.getByText(/Proof version \d+ sent to the customer/)).toBeVisible();
}
