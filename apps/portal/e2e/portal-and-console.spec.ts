import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expectNoViolations } from "./support/axe.ts";
import { type ConsoleHarness, startConsoleHarness } from "./support/console-harness.ts";
import {
  CUSTOMER_A,
  expect,
  inDays,
  portalUrl,
  STAFF,
  signInAsCustomer,
  sql,
  test,
} from "./support/fixtures.ts";

/**
 * Issue 14's journeys across both real front ends on one server and one database: the customer
 * on the built portal in a phone-sized page, the shop in the staff console (its harness: the
 * console core in Node with its own SQLite cache and the built renderer, signed in to this
 * portal's tRPC API) in a desktop-sized page. Everything the other side sees arrives through the
 * real change feed; the tests wait on what each page shows, never on time.
 */
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

let harness: ConsoleHarness;
/** This file's browser contexts: closed after each test, so no live page of ours stays open. */
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  harness = await startConsoleHarness(portalUrl());
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

test.afterAll(async () => {
  await harness?.stop();
});

async function customerOnPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, baseURL: portalUrl() });
  contexts.push(context);
  const page = await context.newPage();
  await signInAsCustomer(page);
  return page;
}

/** The console at desktop size, signed in as staff (once: the harness keeps its session). */
async function staffConsole(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    baseURL: harness.url,
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/");
  const board = page.getByRole("heading", { name: "Job board" });
  const form = page.getByRole("heading", { name: "Traveler staff console" });
  await expect(board.or(form)).toBeVisible({ timeout: 20_000 });
  if (await form.isVisible()) {
    await page.getByLabel("Username").fill(STAFF.username);
    await page.getByLabel("Password").fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(board).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("sync-state"))
    .toHaveText("Online", { timeout: 30_000 })
    .catch(async (error: Error) => {
      // Say why: the core's own status (its last error).
      const status = await page.request.get(`${harness.url}/trpc/status?batch=1&input={}`);
      throw new Error(`${error.message}\nconsole status: ${await status.text()}`);
    });
  return page;
}

test.describe("portal and console together", () => {
  test.describe.configure({ timeout: 120_000 });

  test("a question asked on the phone is answered from the console and read on the phone", async ({
    browser,
  }) => {
    // A job of the customer's own that no page of another test has open (an open thread page
    // reads new messages as they arrive, and that is right).
    const [job] = await sql<{ jobNumber: string; title: string }>(
      `insert into jobs (customer_id, title)
       select id, $2 from customers where email = $1
       returning job_number as "jobNumber", title`,
      [CUSTOMER_A.email, `Opening-day banner ${Date.now()}`],
    );
    if (!job) throw new Error("no job made");
    const question = `Can we collect it on Saturday? ${Date.now()}`;
    const answer = `Yes, we are open until noon. ${Date.now()}`;
    const staff = await staffConsole(browser);
    await staff.getByRole("button", { name: /^Inbox/ }).click();

    const customer = await customerOnPhone(browser);
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await customer.getByLabel("Your message to the shop").fill(question);
    await customer.getByRole("button", { name: "Send message" }).click();
    await expect(customer.getByText("Message sent.")).toBeVisible();
    await expect(customer.locator("#messages").getByText(question)).toBeVisible();
    // The customer waits on their (live) dashboard.
    await customer.goto("/customer/dashboard");
    await expect(customer.getByText(/Live updates on|Updated just now/)).toBeVisible();
    const unread = customer.getByRole("link", { name: /1 new message/ });
    await expect(unread).toHaveCount(0);

    // Live in the console's Inbox, without a reload.
    const entry = staff
      .getByRole("list", { name: "Conversations" })
      .getByRole("button", { name: new RegExp(job.jobNumber) });
    await expect(entry).toContainText(question, { timeout: 20_000 });
    await expect(entry).toContainText("Waiting since");
    await expect(staff.getByRole("button", { name: /^Inbox \(\d+\)/ })).toBeVisible();
    await entry.click();
    const conversation = staff.getByRole("region", { name: `Conversation on ${job.jobNumber}` });
    await expect(conversation.getByText(question)).toBeVisible();
    await conversation.getByLabel("Reply to the customer").fill(answer);
    await conversation.getByRole("button", { name: "Send reply" }).click();
    // Uploaded: the conversation leaves the waiting list.
    await expect(entry).toHaveCount(0, { timeout: 20_000 });
    await staff.screenshot({ path: "test-results/portal-and-console/inbox.png" });

    // The customer's dashboard updates itself and counts the answer; the job page shows it.
    await expect(unread.first()).toBeVisible({ timeout: 20_000 });
    await expectNoViolations(customer);
    await customer.screenshot({
      path: "test-results/portal-and-console/unread-phone.png",
      fullPage: true,
    });
    await unread.first().click();
    await expect(customer).toHaveURL(new RegExp(`/customer/job/${job.jobNumber}`));
    await expect(customer.locator("#messages").getByText(answer)).toBeVisible();
    // Opening the thread marked the answer read (that change refreshes the open page): it stays
    // marked New for a while, so a refreshed or reloaded page still shows what arrived.
    const answered = customer.locator("#messages li", { hasText: answer });
    await expect(answered.getByText("New", { exact: true })).toBeVisible();
    await customer.reload();
    await expect(answered.getByText("New", { exact: true })).toBeVisible();
    await expectNoViolations(customer);
    await customer.locator("#messages").scrollIntoViewIfNeeded();
    await customer.screenshot({ path: "test-results/portal-and-console/answer-phone.png" });
    // Read now: the dashboard no longer counts it.
    await customer.goto("/customer/dashboard");
    await expect(customer.getByText(/Live updates on|Updated just now/)).toBeVisible();
    await expect(unread).toHaveCount(0);
  });

  test("a quote requested on the phone, quoted in the console, accepted on the phone becomes a job on the console's board", async ({
    browser,
  }) => {
    const what = `Shop window lettering ${Date.now()}`;
    const staff = await staffConsole(browser);
    await staff.getByRole("button", { name: "Requests", exact: true }).click();
    await expect(staff.getByRole("heading", { name: "Requests" })).toBeVisible();

    const customer = await customerOnPhone(browser);
    await customer.goto("/customer/quotes/new");
    await customer.getByLabel("What do you need?").fill(what);
    await customer.getByLabel("Quantity").fill("3");
    await customer.getByLabel(/Needed by/).fill(inDays(21));
    await customer.getByRole("button", { name: "Send request" }).click();
    await expect(customer.getByText("your request is with the shop")).toBeVisible();
    const requestNumber = (
      (await customer.locator("p.font-monospace").first().textContent()) ?? ""
    ).trim();
    expect(requestNumber).toMatch(/^Q-\d+$/);

    // Live in the console's Requests screen; staff quote a price.
    const entry = staff
      .getByRole("list", { name: "Quote requests" })
      .getByRole("button", { name: new RegExp(what) });
    await expect(entry).toContainText("Waiting for a price", { timeout: 20_000 });
    await entry.click();
    const detail = staff.getByRole("region", { name: `Request ${requestNumber}` });
    await detail.getByLabel("Price", { exact: true }).fill("245.00");
    await detail.getByLabel("Valid until").fill(inDays(10));
    await detail.getByRole("button", { name: "Send quote" }).click();
    // Uploaded and synced back: no longer "answer queued".
    await expect(entry).toContainText("Price quoted", { timeout: 20_000 });
    await expect(entry).not.toContainText("answer queued", { timeout: 20_000 });

    // The customer's request page shows the price (live, or on opening it) and accepts it.
    await customer.goto(`/customer/quotes/${requestNumber}`);
    await expect(customer.getByText("$245.00").first()).toBeVisible();
    await customer.getByLabel("Your full name").fill(CUSTOMER_A.name);
    await customer.getByRole("button", { name: "Accept the quote" }).click();
    await expect(customer.getByText("You accepted the quote.")).toBeVisible();
    await expectNoViolations(customer);

    // The console sees the acceptance live and turns the request into a job.
    await expect(detail).toContainText(`accepted by ${CUSTOMER_A.name}`, { timeout: 20_000 });
    await detail.getByRole("button", { name: "Turn into a job" }).click();
    const openJob = detail.getByRole("button", { name: /^Open job J-\d{4}-\d+$/ });
    await expect(openJob).toBeVisible({ timeout: 20_000 });
    const jobNumber = ((await openJob.textContent()) ?? "").replace("Open job ", "").trim();

    // On the board, in its first column.
    await staff.getByRole("button", { name: "Board", exact: true }).click();
    const card = staff
      .getByRole("region", { name: "Not started" })
      .getByRole("button", { name: new RegExp(`^${jobNumber}`) });
    await expect(card).toContainText(what);
    await card.scrollIntoViewIfNeeded();
    await staff.screenshot({ path: "test-results/portal-and-console/board.png" });

    // And the customer finds the job from the request.
    await customer.goto(`/customer/quotes/${requestNumber}`);
    await customer.getByRole("link", { name: jobNumber }).click();
    await expect(customer.getByRole("heading", { name: what })).toBeVisible();
  });
});
