import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import {
  ADMIN,
  activeJobOf,
  CUSTOMER_A,
  expect,
  signInAsCustomer,
  signInAsStaff,
  sql,
  test,
} from "./support/fixtures.ts";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectNoViolations(page: Page, path: string) {
  await page.goto(path);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, `axe violations on ${path}`).toEqual([]);
}

test.describe("accessibility (axe, WCAG 2.1 AA)", () => {
  test.describe.configure({ timeout: 120_000 });
  test("signed-out pages", async ({ page }) => {
    for (const path of [
      "/login",
      "/login?reason=idle",
      "/forgot-password",
      "/invite/not-a-real-token",
      "/no-such-page",
    ]) {
      await expectNoViolations(page, path);
    }
    // The login form with errors shown.
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#email-error")).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  test("customer pages", async ({ page }) => {
    await signInAsCustomer(page);
    const job = await activeJobOf(CUSTOMER_A.email);
    for (const path of [
      "/customer/dashboard",
      `/customer/job/${job.jobNumber}`,
      "/customer/history",
      "/customer/history?q=zzzz-nothing",
      "/customer/job/J-1999-0001",
      "/customer/nope",
      "/admin",
      "/login",
    ]) {
      await expectNoViolations(page, path);
    }
  });

  test("staff pages", async ({ page }) => {
    await signInAsStaff(page);
    const job = await activeJobOf(CUSTOMER_A.email);
    await expectNoViolations(page, "/admin");
    await expectNoViolations(page, `/admin/job/${job.jobNumber}`);
    await page.getByRole("link", { name: "Maria Chen" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Maria Chen" })).toBeVisible();
    await expectNoViolations(page, page.url());
    await expect(page.getByRole("heading", { level: 2, name: "Emails sent" })).toBeVisible();
    await expectNoViolations(page, "/customer/dashboard");
    // Admin-only: shop staff get the "not for you" page, not a bare 403.
    await expectNoViolations(page, "/admin/email");
    await expect(
      page.getByRole("heading", { level: 1, name: "This page is for shop admins" }),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: "Email outbox" })).toHaveCount(0);
    // Printed travelers (issue 12), a batch with nothing in it, and an unknown address signed in.
    for (const path of [
      `/admin/job/${job.jobNumber}/print`,
      "/admin/print?status=in_progress",
      "/admin/print?day=today",
      "/admin/print?day=2099-01-01",
      "/admin/nope",
    ]) {
      await expectNoViolations(page, path);
    }
  });

  test("back-office pages: customers, new customer, new job, job edit, photos", async ({
    page,
  }) => {
    await signInAsStaff(page);
    const job = await activeJobOf(CUSTOMER_A.email);
    const [customer] = await sql<{ id: string }>("select id from customers where email = $1", [
      CUSTOMER_A.email,
    ]);
    for (const path of [
      "/admin/customers",
      "/admin/customers?q=osei",
      "/admin/customers?q=zzzz-nobody",
      "/admin/customers/new",
      "/admin/jobs/new",
      "/admin/jobs/new?customerQ=e",
      `/admin/jobs/new?customer=${customer?.id}`,
      `/admin/job/${job.jobNumber}/edit`,
    ]) {
      await expectNoViolations(page, path);
    }
    // Forms with their errors shown.
    await page.goto("/admin/customers/new");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.locator("#name-error")).toBeVisible();
    expect((await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations).toEqual([]);
    await page.goto("/admin/jobs/new");
    await page.getByRole("button", { name: "Create job" }).click();
    await expect(page.locator("#customerId-error")).toBeVisible();
    expect((await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations).toEqual([]);
    await page.goto(`/admin/job/${job.jobNumber}/edit`);
    await page.getByLabel("Quantity").fill("0");
    await page.getByRole("button", { name: "Save job details" }).click();
    await expect(page.locator("#quantity-error")).toBeVisible();
    expect((await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations).toEqual([]);
    // The staff job page with a photo, and the refused-upload message.
    await page.goto(`/admin/job/${job.jobNumber}`);
    await page.getByRole("button", { name: "Upload photo" }).click();
    await expect(page.locator("#photo-error")).toBeVisible();
    expect((await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations).toEqual([]);
  });

  test("admin email outbox: counts, filter, retry of a dead message", async ({ page }) => {
    const [row] = await sql<{ id: string }>(
      `insert into email_outbox (kind, customer_id, to_address, subject, text_body, html_body,
         status, attempts, last_error)
       select 'job_update', c.id, c.email, 'E2E dead message', 'text', '<p>html</p>',
         'dead', 8, '550 mailbox unavailable (e2e)'
         from customers c where c.email = $1
       returning id`,
      [CUSTOMER_A.email],
    );
    const id = String(row?.id);
    await signInAsStaff(page, ADMIN);
    await page.goto("/admin");
    await page.getByRole("link", { name: "Email outbox" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Email outbox" })).toBeVisible();
    await expectNoViolations(page, "/admin/email");
    await page.getByLabel("Status", { exact: true }).selectOption("dead");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=dead/);
    const item = page.getByTestId(`outbox-${id}`);
    await expect(item).toContainText("E2E dead message");
    await expect(item).toContainText("550 mailbox unavailable (e2e)");
    await expect(item).toContainText("8 attempts");
    await expectNoViolations(page, page.url());
    await item.getByRole("button", { name: `Retry message #${id}` }).click();
    await expect(page.getByRole("status").filter({ hasText: "queued again" })).toBeVisible();
    const [after] = await sql<{ status: string; attempts: number }>(
      "select status, attempts from email_outbox where id = $1",
      [id],
    );
    // Queued by the retry; the portal's email worker may already have picked it up.
    expect(["queued", "sending", "sent"]).toContain(after?.status);
    await expect(page.getByTestId(`outbox-${id}`)).toHaveCount(0); // no longer in the dead filter
    await expectNoViolations(page, "/admin/email?status=queued");
    // Staff see the same message on the customer's page, under "Emails sent".
    await page.goto("/admin/email");
    await page.getByTestId(`outbox-${id}`).getByRole("link", { name: "customer" }).click();
    await expect(page.getByTestId("customer-emails")).toContainText("E2E dead message");
  });
});
