import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import {
  activeJobOf,
  CUSTOMER_A,
  expect,
  signInAsCustomer,
  signInAsStaff,
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
    await expectNoViolations(page, "/customer/dashboard");
  });
});
