import { test as base, type Page } from "@playwright/test";
import pg from "pg";

export const CUSTOMER_A = {
  email: "maria@chenbakery.example",
  password: "customer-demo-pass",
  name: "Maria Chen",
};
export const CUSTOMER_B = {
  email: "david@oseibuilders.example",
  password: "customer-demo-pass",
  name: "David Osei",
};
export const STAFF = { username: "sam", password: "staff-demo-pass", name: "Sam Okafor" };
export const ADMIN = { username: "admin", password: "admin-demo-pass", name: "Alex Rivera" };

export function portalUrl(): string {
  const url = process.env.PORTAL_URL;
  if (!url) throw new Error("PORTAL_URL is set by the global setup");
  return url;
}

/** Runs SQL against the test database (for arranging state and reading job numbers). */
export async function sql<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.PORTAL_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function signInAsCustomer(page: Page, who = CUSTOMER_A): Promise<void> {
  const res = await page.request.post(`${portalUrl()}/login`, {
    form: { kind: "customer", email: who.email, password: who.password },
    headers: { Origin: portalUrl() },
    maxRedirects: 0,
  });
  if (res.status() !== 302) throw new Error(`customer login failed: ${res.status()}`);
}

export async function signInAsStaff(page: Page, who = STAFF): Promise<void> {
  const res = await page.request.post(`${portalUrl()}/login`, {
    form: { kind: "staff", username: who.username, password: who.password },
    headers: { Origin: portalUrl() },
    maxRedirects: 0,
  });
  if (res.status() !== 302) throw new Error(`staff login failed: ${res.status()}`);
}

/** A date `days` from today as a date input wants it (YYYY-MM-DD). */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A first active job of a customer, by email. */
export async function activeJobOf(
  email: string,
): Promise<{ jobNumber: string; title: string; id: number }> {
  const rows = await sql<{ job_number: string; title: string; id: number }>(
    `select j.job_number, j.title, j.id from jobs j join customers c on c.id = j.customer_id
      where c.email = $1 and j.status <> 'completed' and j.deleted_at is null
      order by j.estimated_completion nulls last, j.id limit 1`,
    [email],
  );
  if (!rows[0]) throw new Error(`no active job for ${email}`);
  return { jobNumber: rows[0].job_number, title: rows[0].title, id: Number(rows[0].id) };
}

export const test = base.extend<{ customerPage: Page; staffPage: Page }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameter list.
  baseURL: async ({}, use) => {
    await use(portalUrl());
  },
  customerPage: async ({ page }, use) => {
    await signInAsCustomer(page);
    await use(page);
  },
  staffPage: async ({ page }, use) => {
    await signInAsStaff(page);
    await use(page);
  },
});

export { expect } from "@playwright/test";
