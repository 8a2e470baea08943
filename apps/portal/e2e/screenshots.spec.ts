import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ADMIN,
  activeJobOf,
  CUSTOMER_A,
  expect,
  signInAsCustomer,
  signInAsStaff,
  test,
} from "./support/fixtures.ts";

/** Screenshots of every page at phone and desktop size (docs/screenshots keeps the dashboard). */
const OUT = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const SIZES = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "desktop", viewport: { width: 1280, height: 800 } },
] as const;

test.describe("screenshots", () => {
  test.skip(!process.env.PORTAL_SCREENSHOTS, "set PORTAL_SCREENSHOTS=1 to refresh the screenshots");

  for (const size of SIZES) {
    test(`pages at ${size.name} size`, async ({ browser, baseURL }) => {
      test.setTimeout(90_000);
      mkdirSync(`${OUT}all`, { recursive: true });
      const context = await browser.newContext({ baseURL, viewport: size.viewport });
      const page = await context.newPage();
      await page.goto("/login");
      await page.screenshot({ path: `${OUT}all/login-${size.name}.png`, fullPage: true });
      await signInAsCustomer(page);
      const job = await activeJobOf(CUSTOMER_A.email);
      await page.goto("/customer/dashboard");
      await expect(page.getByText("Live updates on")).toBeVisible();
      await page.screenshot({ path: `${OUT}dashboard-${size.name}.png` });
      await page.screenshot({ path: `${OUT}all/dashboard-${size.name}.png`, fullPage: true });
      await page.goto(`/customer/job/${job.jobNumber}`);
      await page.screenshot({ path: `${OUT}all/job-${size.name}.png`, fullPage: true });
      await page.goto("/customer/history");
      await page.screenshot({ path: `${OUT}all/history-${size.name}.png`, fullPage: true });
      await page.goto("/admin");
      await page.screenshot({ path: `${OUT}all/wrong-role-${size.name}.png`, fullPage: true });
      await context.clearCookies();
      await signInAsStaff(page);
      await page.goto("/admin");
      await page.screenshot({ path: `${OUT}all/admin-${size.name}.png`, fullPage: true });
      await page.goto(`/admin/job/${job.jobNumber}`);
      await page.screenshot({ path: `${OUT}all/admin-job-${size.name}.png`, fullPage: true });
      // What a phone shows after scanning a traveler's QR code (README).
      if (size.name === "phone") await page.screenshot({ path: `${OUT}staff-job-phone.png` });
      await page.getByRole("link", { name: CUSTOMER_A.name }).first().click();
      await expect(page.getByRole("heading", { level: 1, name: CUSTOMER_A.name })).toBeVisible();
      await page.screenshot({ path: `${OUT}all/admin-customer-${size.name}.png`, fullPage: true });
      await page.goto(`/admin/job/${job.jobNumber}/print`);
      await page.screenshot({ path: `${OUT}all/traveler-${size.name}.png`, fullPage: true });
      await page.goto("/admin/print?status=in_progress");
      await page.screenshot({ path: `${OUT}all/travelers-batch-${size.name}.png` });
      await page.goto("/admin/nope");
      await page.screenshot({ path: `${OUT}all/not-found-${size.name}.png` });
      await page.goto("/admin/email");
      await page.screenshot({
        path: `${OUT}all/admin-email-staff-${size.name}.png`,
        fullPage: true,
      });
      await context.clearCookies();
      await signInAsStaff(page, ADMIN);
      await page.goto("/admin/email");
      await page.screenshot({ path: `${OUT}all/admin-email-${size.name}.png`, fullPage: true });
      await context.close();
    });
  }

  test("the printed traveler", async ({ browser, baseURL }) => {
    // An A4 sheet at 96 dpi, as the printer gets it (print stylesheet: the traveler only).
    const context = await browser.newContext({
      baseURL,
      viewport: { width: 794, height: 1123 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await signInAsStaff(page);
    const job = await activeJobOf(CUSTOMER_A.email);
    await page.goto(`/admin/job/${job.jobNumber}/print`);
    await page.emulateMedia({ media: "print" });
    // The sheet's 12 mm page margin (what @page gives the printer).
    await page.addStyleTag({ content: "body { padding: 12mm !important; }" });
    await page.screenshot({ path: `${OUT}traveler-print.png` });
    await context.close();
  });
});
