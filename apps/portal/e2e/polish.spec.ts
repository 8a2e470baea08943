import type { Page } from "@playwright/test";
import {
  CUSTOMER_A,
  expect,
  signInAsCustomer,
  signInAsStaff,
  sql,
  test,
} from "./support/fixtures.ts";

const SHOTS = "test-results/polish";
const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;

test.describe("polish", () => {
  test("the idle warning is a compact dialog centred on the screen at phone and desktop width", async ({
    page,
  }) => {
    await signInAsCustomer(page);
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      // The warning opens a minute before the deadline: at once with 50 s left.
      await sql(
        `update sessions set last_seen_at = now(), idle_expires_at = now() + interval '50 seconds'
          where subject_type = 'customer'
            and subject_id = (select id from customers where email = $1)`,
        [CUSTOMER_A.email],
      );
      await page.goto("/customer/dashboard");
      const dialog = page.getByRole("dialog", { name: "Are you still there?" });
      await expect(dialog).toBeVisible();
      const box = await dialog.boundingBox();
      if (!box) throw new Error("no dialog box");
      await page.screenshot({ path: `${SHOTS}/idle-${size.name}.png` });
      expect(box.height, "compact, not a full-height panel").toBeLessThan(320);
      expect(box.width).toBeLessThanOrEqual(Math.min(416, size.width - 32) + 1);
      expect(Math.abs(box.x + box.width / 2 - size.width / 2)).toBeLessThan(2);
      expect(Math.abs(box.y + box.height / 2 - size.height / 2)).toBeLessThan(2);
    }
  });

  async function expectLinedUp(page: Page, back: string) {
    const a = await page.getByRole("button", { name: "Switch account" }).boundingBox();
    const b = await page.getByRole("link", { name: back }).boundingBox();
    if (!a || !b) throw new Error("missing choices");
    const sideBySide = Math.abs(a.y - b.y) < 1 && Math.abs(a.height - b.height) < 1;
    const stacked = Math.abs(a.x - b.x) < 1 && Math.abs(a.width - b.width) < 1;
    expect(sideBySide || stacked, JSON.stringify({ a, b })).toBe(true);
  }

  test("the wrong-role pages' 'Switch account' and 'Back to…' line up", async ({ page }) => {
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.context().clearCookies();
      await signInAsCustomer(page);
      await page.goto("/admin");
      await expectLinedUp(page, "Back to my jobs");
      await page.screenshot({ path: `${SHOTS}/wrong-role-customer-${size.name}.png` });
      await page.context().clearCookies();
      await signInAsStaff(page);
      await page.goto("/customer/dashboard");
      await expectLinedUp(page, "Back to my job board");
      await page.goto("/admin/email");
      await expectLinedUp(page, "Back to my job board");
    }
  });
});
