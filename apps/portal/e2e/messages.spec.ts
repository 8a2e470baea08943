import type { Browser, Page, TestInfo } from "@playwright/test";
import sharp from "sharp";
import { expectNoViolations } from "./support/axe.ts";
import {
  activeJobOf,
  CUSTOMER_A,
  CUSTOMER_B,
  expect,
  inDays,
  portalUrl,
  signInAsCustomer,
  signInAsStaff,
  sql,
  test,
} from "./support/fixtures.ts";

/**
 * Issue 14 on the portal: a customer asks about a job, the shop answers on the staff pages, the
 * customer reads it; a customer asks for a quote, the shop quotes, the customer accepts, the
 * shop turns it into a job. Each page is checked with axe; the phone project runs it at 390×844.
 */
/** A page in its own context with the project's device (phone or desktop). */
async function openPage(
  browser: Browser,
  info: TestInfo,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const { viewport, isMobile, hasTouch, deviceScaleFactor, userAgent } = info.project.use;
  const context = await browser.newContext({
    baseURL: portalUrl(),
    ...(viewport ? { viewport } : {}),
    ...(isMobile !== undefined ? { isMobile } : {}),
    ...(hasTouch !== undefined ? { hasTouch } : {}),
    ...(deviceScaleFactor ? { deviceScaleFactor } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...options,
  });
  return context.newPage();
}

test.describe("messages and quote requests", () => {
  test.describe.configure({ timeout: 120_000 });

  test("phone: customer journey — a question answered by the shop, without JavaScript", async ({
    browser,
  }, info) => {
    const marker = `When will it be ready? ${info.project.name}-${Date.now()}`;
    const job = await activeJobOf(CUSTOMER_A.email);
    const customer = await openPage(browser, info, { javaScriptEnabled: false });
    await signInAsCustomer(customer);
    await customer.goto(`/customer/job/${job.jobNumber}`);
    // A file uploaded in the Files section goes with the message (no JavaScript either).
    const sketchName = `sketch-${info.project.name}.png`;
    const sketch = await sharp({
      create: { width: 40, height: 40, channels: 3, background: "#2e86de" },
    })
      .png()
      .toBuffer();
    await customer
      .locator("#files")
      .getByLabel("File", { exact: true })
      .setInputFiles({ name: sketchName, mimeType: "image/png", buffer: sketch });
    await customer.locator("#files").getByRole("button", { name: "Upload file" }).click();
    await customer.getByLabel("Your message to the shop").fill(marker);
    await customer.getByLabel(sketchName).check();
    await customer.getByRole("button", { name: "Send message" }).click();
    await expect(customer.getByText("Message sent.")).toBeVisible();
    await expect(customer.locator("#messages").getByText(marker)).toBeVisible();
    const attachment = customer.locator("#messages").getByRole("link", { name: sketchName });
    await expect(attachment).toBeVisible();
    const download = await customer.request.get(
      `${portalUrl()}${await attachment.getAttribute("href")}`,
    );
    expect(Buffer.from(await download.body()).equals(sketch)).toBe(true);

    // An empty message is refused with the reason, nothing stored.
    await customer.getByLabel("Your message to the shop").fill("   ");
    await customer.getByRole("button", { name: "Send message" }).click();
    await expect(customer.getByRole("heading", { name: "Message not sent" })).toBeVisible();
    await expect(customer.getByText("Write a message.")).toBeVisible();

    const staff = await openPage(browser, info);
    await signInAsStaff(staff);
    await staff.goto("/admin/messages");
    const thread = staff.getByRole("link", { name: new RegExp(job.jobNumber) });
    await expect(thread).toBeVisible();
    await expectNoViolations(staff);
    await thread.click();
    await expect(staff.locator("#messages").getByText(marker)).toBeVisible();
    const reply = `It will be ready on Friday (${info.project.name}).`;
    await staff.getByLabel("Reply to the customer").fill(reply);
    await staff.getByRole("button", { name: "Send message" }).click();
    await expect(staff.getByText("Message sent.")).toBeVisible();

    // The dashboard card counts the unread answer; the job page shows it.
    await customer.goto("/customer/dashboard");
    await expect(customer.getByRole("link", { name: /1 new message/ }).first()).toBeVisible();
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await expect(customer.locator("#messages").getByText(reply)).toBeVisible();
    await customer.screenshot({
      path: `test-results/messages-${info.project.name}.png`,
      fullPage: true,
    });
    // axe runs in the page, so it checks the same thread with JavaScript on.
    const withJs = await openPage(browser, info);
    await signInAsCustomer(withJs);
    await withJs.goto(`/customer/job/${job.jobNumber}#messages`);
    await expectNoViolations(withJs);

    // Another customer never sees the thread.
    const other = await openPage(browser, info);
    await signInAsCustomer(other, CUSTOMER_B);
    const res = await other.goto(`/customer/job/${job.jobNumber}`);
    expect(res?.status()).toBe(404);
    await other.goto("/customer/dashboard");
    await expect(other.getByText(marker)).toHaveCount(0);
    const mail = await sql<{ n: string }>(
      `select count(*) as n from email_outbox o join customers c on c.id = o.customer_id
        where c.email = $1 and (o.text_body like $2 or o.html_body like $2)`,
      [CUSTOMER_B.email, `%${marker}%`],
    );
    expect(Number(mail[0]?.n)).toBe(0);
  });

  test("phone: customer journey — a quote requested, quoted, accepted, turned into a job", async ({
    browser,
  }, info) => {
    const what = `Window decals ${info.project.name}-${Date.now()}`;
    const customer = await openPage(browser, info);
    await signInAsCustomer(customer);
    await customer.goto("/customer/quotes/new");
    await expectNoViolations(customer);
    // An impossible date is refused by the form.
    await customer.getByLabel("What do you need?").fill(what);
    await customer.getByLabel("Quantity").fill("12");
    await customer.getByLabel(/Needed by/).fill(inDays(-3));
    await customer.getByRole("button", { name: "Send request" }).click();
    await expect(customer.getByText(/needed-by date is in the past/)).toBeVisible();
    await customer.getByLabel(/Needed by/).fill(inDays(14));
    await customer.getByLabel(/Notes/).fill("White vinyl, 30 cm");
    const artwork = await sharp({
      create: { width: 120, height: 80, channels: 3, background: "#2a6f4e" },
    })
      .png()
      .toBuffer();
    await customer
      .getByLabel(/^Files/)
      .setInputFiles({ name: "decal-artwork.png", mimeType: "image/png", buffer: artwork });
    await customer.getByRole("button", { name: "Send request" }).click();
    await expect(customer.getByText("your request is with the shop")).toBeVisible();
    await expect(customer.getByRole("link", { name: "decal-artwork.png" })).toBeVisible();
    const requestNumber = (
      (await customer.locator("p.font-monospace").first().textContent()) ?? ""
    ).trim();
    await expectNoViolations(customer);

    const staff = await openPage(browser, info);
    await signInAsStaff(staff);
    await staff.goto("/admin/requests");
    await expectNoViolations(staff);
    await staff.getByRole("link", { name: new RegExp(what) }).click();
    const download = staff.waitForEvent("download");
    await staff.getByRole("link", { name: "decal-artwork.png" }).click();
    expect((await download).suggestedFilename()).toBe("decal-artwork.png");
    await staff.getByLabel("Price").fill("180.50");
    await staff.getByLabel("Valid until").fill(inDays(7));
    await staff.getByRole("button", { name: "Send the quote" }).click();
    await expect(staff.getByText("Price quoted")).toBeVisible();
    await expectNoViolations(staff);

    await customer.goto(`/customer/quotes/${requestNumber}`);
    // The price in the shop's currency (the demo shop's default, US dollars).
    await expect(customer.getByText("$180.50", { exact: true }).first()).toBeVisible();
    await expect(customer.getByText(/Accept the price of \$180\.50, valid until/)).toBeVisible();
    await customer.getByLabel("Your full name").fill("Maria Chen");
    await customer.getByRole("button", { name: "Accept the quote" }).click();
    await expect(customer.getByText("You accepted the quote.")).toBeVisible();
    await expectNoViolations(customer);
    await customer.screenshot({
      path: `test-results/quote-${info.project.name}.png`,
      fullPage: true,
    });
    await customer.goto("/customer/quotes");
    await expect(customer.getByRole("listitem").filter({ hasText: what })).toContainText("$180.50");

    await staff.reload();
    await staff.getByRole("button", { name: "Create the job" }).click();
    await expect(staff).toHaveURL(/\/admin\/job\/J-\d{4}-\d+/);
    const jobNumber = staff.url().split("/admin/job/")[1]!;
    await expect(staff.getByRole("heading", { name: what })).toBeVisible();
    // The request's files are now the job's.
    await expect(staff.getByText("decal-artwork.png").first()).toBeVisible();

    await customer.goto(`/customer/quotes/${requestNumber}`);
    await expect(customer.getByRole("link", { name: jobNumber })).toBeVisible();
    await customer.getByRole("link", { name: jobNumber }).click();
    await expect(customer.getByRole("heading", { name: what })).toBeVisible();
    await expect(customer.getByText("decal-artwork.png").first()).toBeVisible();
  });
});
