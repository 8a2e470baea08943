import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import {
  CUSTOMER_A,
  expect,
  portalUrl,
  signInAsCustomer,
  signInAsStaff,
  test,
} from "./support/fixtures.ts";
import { attachFile, newJob, png, staffSends } from "./support/proof-fixtures.ts";

/**
 * Issues 13/14: staff see proof decisions, messages and quote requests live on the portal's staff
 * pages (GET /admin/events): the customer acts in another browser, the staff page updates
 * without a reload, and never under the hands of someone typing.
 */

/** A customer in a browser of their own, without JavaScript (their forms need none). */
async function customerBrowser(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: portalUrl(), javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAsCustomer(page);
  return page;
}

/** Marks the document: the mark survives a live update and is lost on a reload. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.documentElement.dataset.sameDocument = "yes";
  });
}

async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.dataset.sameDocument)).toBe("yes");
}

/** WCAG 2.1 AA on the page as the live update left it. */
async function expectNoViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
}

test("staff job page shows the customer's proof decision and message live", async ({
  browser,
  page: staff,
}, info) => {
  test.skip(info.project.name !== "desktop", "desktop staff pages");
  test.setTimeout(90_000);
  const job = await newJob("Live proof banner");
  await attachFile(job.id, "banner-v1.png", await png("Banner v1", "#1d4f91"));
  await signInAsStaff(staff);
  await staffSends(staff, job.jobNumber, "banner-v1.png", "Please check the layout.");
  await staff.goto(`/admin/job/${job.jobNumber}`);
  const live = staff.locator("[data-live-source='/admin/events']");
  await expect(live).toHaveText("Live updates on");
  await markDocument(staff);

  const customer = await customerBrowser(browser);
  await customer.goto(`/customer/job/${job.jobNumber}/proof`);
  const changes = `Move the logo left ${Date.now()}`;
  await customer.getByLabel("What should we change?").fill(changes);
  await customer.getByRole("button", { name: "Request changes" }).click();
  await expect(customer.getByText("we received your changes")).toBeVisible();

  // The proof card (the timeline below tells it too).
  const proofCard = staff.getByRole("region", { name: "Proof", exact: true });
  await expect(proofCard.getByText(changes)).toBeVisible({ timeout: 10_000 });
  await expect(live).toHaveText("Updated just now");
  await expectSameDocument(staff);

  const question = `Is the proof in colour? ${Date.now()}`;
  await customer.goto(`/customer/job/${job.jobNumber}`);
  await customer.getByLabel("Your message to the shop").fill(question);
  await customer.getByRole("button", { name: "Send message" }).click();
  await expect(customer.getByText("Message sent.")).toBeVisible();
  await expect(staff.getByText(question)).toBeVisible({ timeout: 10_000 });
  await expectSameDocument(staff);
  await expectNoViolations(staff);
  await staff.screenshot({ path: info.outputPath("staff-job-live.png"), fullPage: true });

  // Someone typing a reply is not interrupted: the page offers a reload instead.
  const reply = staff.getByLabel("Reply to the customer");
  await reply.fill("Yes, full colour");
  const second = `And the size? ${Date.now()}`;
  await customer.getByLabel("Your message to the shop").fill(second);
  await customer.getByRole("button", { name: "Send message" }).click();
  await expect(customer.getByText("Message sent.")).toBeVisible();
  await expect(live).toHaveText(/This page has changed/, { timeout: 10_000 });
  await expect(staff.getByText(second)).toHaveCount(0);
  await expect(reply).toHaveValue("Yes, full colour");
  await customer.context().close();
});

test("staff requests inbox shows a new quote request live", async ({
  browser,
  page: staff,
}, info) => {
  test.skip(info.project.name !== "desktop", "desktop staff pages");
  test.setTimeout(60_000);
  await signInAsStaff(staff);
  await staff.goto("/admin/requests");
  await expect(staff.locator("[data-live-source='/admin/events']")).toHaveText("Live updates on");
  await markDocument(staff);

  const what = `Live sign ${Date.now()}`;
  const customer = await customerBrowser(browser);
  await customer.goto("/customer/quotes/new");
  await customer.getByLabel("What do you need?").fill(what);
  await customer.getByLabel("Quantity").fill("3");
  await customer.getByRole("button", { name: "Send request" }).click();
  await expect(customer.getByText("your request is with the shop")).toBeVisible();

  await expect(
    staff.getByRole("link", { name: new RegExp(`${CUSTOMER_A.name} · ${what}`) }),
  ).toBeVisible({
    timeout: 10_000,
  });
  await expectSameDocument(staff);
  await expectNoViolations(staff);
  await staff.screenshot({ path: info.outputPath("staff-requests-live.png"), fullPage: true });
  await customer.context().close();
});
