import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import {
  ADMIN,
  expect,
  portalUrl,
  signInAsCustomer,
  signInAsStaff,
  sql,
  test,
} from "./support/fixtures.ts";

/** Issue 12: the board by due date, owner and rush filters, moved dates, shop settings. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The settings form posted straight to the server, as a forged request would be. */
function postSettings(page: Page, form: Record<string, string>) {
  return page.request.post(`${portalUrl()}/admin/settings`, {
    form,
    headers: { Origin: portalUrl() },
    maxRedirects: 0,
  });
}

test.describe("shop floor", () => {
  test.describe.configure({ timeout: 90_000 });
  test("the board sorts by due date, flags overdue and due-today work in words, and filters by owner and rush", async ({
    page,
  }) => {
    await signInAsStaff(page);
    await page.goto("/admin");
    const column = page.getByRole("region", { name: /Not started/ });
    const dues = await column
      .locator("time")
      .evaluateAll((els) => els.map((e) => e.getAttribute("datetime") ?? ""));
    expect(dues.length).toBeGreaterThan(1);
    expect([...dues].sort()).toEqual(dues);
    await expect(page.locator(".due-flag", { hasText: "Overdue" }).first()).toBeVisible();
    await expect(page.locator(".due-flag", { hasText: "Due today" }).first()).toBeVisible();

    const [rush] = await sql<{ n: number }>(
      "select count(*)::int as n from jobs where rush and status <> 'completed' and deleted_at is null",
    );
    await page.getByLabel("Rush only").check();
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/rush=1/);
    await expect(page.locator(".board-card")).toHaveCount(rush!.n);
    await expect(page.locator(".board-card .rush-flag")).toHaveCount(rush!.n);

    await page.goto("/admin");
    await page.getByLabel("Owner").selectOption({ label: "No owner" });
    await page.getByRole("button", { name: "Show" }).click();
    const [unowned] = await sql<{ n: number }>(
      "select count(*)::int as n from jobs where owner_id is null and status <> 'completed' and deleted_at is null",
    );
    await expect(page.locator(".board-card")).toHaveCount(unowned!.n);
    await page.getByLabel("Owner").selectOption({ label: "My jobs" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.locator(".board-card").first()).toContainText("Sam Okafor");
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  test("a customer sees a moved date as was/now with the shop's reason", async ({ page }) => {
    const [moved] = await sql<{ job_number: string; email: string; notes: string }>(
      `select j.job_number, c.email, h.notes from job_status_history h
         join jobs j on j.id = h.job_id join customers c on c.id = j.customer_id
        where h.kind = 'due' and h.due_to = j.estimated_completion and j.status <> 'completed'
        limit 1`,
    );
    expect(moved).toBeTruthy();
    await signInAsCustomer(page, { email: moved!.email, password: "customer-demo-pass", name: "" });
    await page.goto(`/customer/job/${moved!.job_number}`);
    await expect(page.getByText(/The date moved: was \d+ \w+, now \d+ \w+/)).toBeVisible();
    await expect(page.getByText(`Reason: ${moved!.notes}`)).toBeVisible();
    await expect(
      page.getByRole("listitem").filter({ hasText: "New estimated completion" }),
    ).toContainText(moved!.notes);
  });

  test("the admin sets the shop's time zone on the web; bad input changes nothing; staff cannot", async ({
    page,
  }) => {
    await signInAsStaff(page, ADMIN);
    await page.goto("/admin");
    await page.getByRole("link", { name: "Shop settings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Shop settings" })).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);

    await page.getByLabel("Customer idle timeout (minutes)").fill("0");
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("alert").first()).toContainText("Nothing was saved");
    await expect(page.getByLabel("Customer idle timeout (minutes)")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    const [before] = await sql<{ time_zone: string }>("select time_zone from shop_settings");
    expect(before!.time_zone).toBe("America/Los_Angeles");

    await page.getByLabel("Customer idle timeout (minutes)").fill("30");
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status")).toContainText("Settings saved.");
    const [after] = await sql<{ time_zone: string; address: string }>(
      "select time_zone, address from shop_settings",
    );
    expect(after!.time_zone).toBe("Europe/Berlin");
    expect(after!.address).toContain("\n"); // the address keeps its line breaks
    await page.getByLabel("Time zone").selectOption("America/Los_Angeles");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status")).toContainText("Settings saved.");

    // The currency: one from the list; a forged unknown code is refused (400) and changes nothing.
    await expect(page.getByLabel("Currency")).toHaveValue("USD");
    await page.getByLabel("Currency").selectOption("EUR");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status")).toContainText("Settings saved.");
    await page.screenshot({ path: "test-results/settings-currency.png", fullPage: true });
    const currency = async () =>
      (await sql<{ currency: string }>("select currency from shop_settings"))[0]!.currency;
    expect(await currency()).toBe("EUR");
    const forged = await postSettings(page, {
      shopName: "Northside Print & Sign",
      timeZone: "America/Los_Angeles",
      customerIdleMinutes: "30",
      staffIdleMinutes: "720",
      currency: "ZZZ",
    });
    expect(forged.status()).toBe(400);
    expect(await currency()).toBe("EUR");
    await page.getByLabel("Currency").selectOption("USD");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status")).toContainText("Settings saved.");
    expect(await currency()).toBe("USD");

    // Shop staff (not admin) get the "for shop admins" page, and a post changes nothing.
    await page.context().clearCookies();
    await signInAsStaff(page);
    await page.goto("/admin/settings");
    await expect(
      page.getByRole("heading", { level: 1, name: "This page is for shop admins" }),
    ).toBeVisible();
    const post = await postSettings(page, {
      shopName: "Hijacked",
      timeZone: "UTC",
      customerIdleMinutes: "30",
      staffIdleMinutes: "30",
    });
    expect(post.status()).toBe(403);
    const [still] = await sql<{ shop_name: string }>("select shop_name from shop_settings");
    expect(still!.shop_name).toBe("Northside Print & Sign");
  });
});
