import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { type SmtpSink, startSmtpSink } from "@traveler/api/testing/smtp-sink";
import { createDb, type DbHandle } from "@traveler/db";
import { type PortalProcess, startPortal } from "../server/testing/portal-process.ts";
import { ADMIN, CUSTOMER_A, CUSTOMER_B } from "./support/fixtures.ts";
import { staffCaller } from "./support/staff-caller.ts";

/**
 * Feedback end to end at phone width (issue 14): a portal of its own with a real SMTP sink. Staff
 * complete a job, the completion email arrives with a rating link, the customer rates 5 from it
 * without signing in, and the admin report shows it; a customer rates from the job page.
 */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

let sink: SmtpSink;
let portal: PortalProcess;
let database: DbHandle;

async function expectNoAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(
    axe.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
  ).toEqual([]);
}

async function signIn(
  page: Page,
  as: "customer" | "staff",
  who: { email?: string; username?: string; password: string },
) {
  await page.goto(`${portal.baseUrl}/login${as === "staff" ? "?as=staff" : ""}`);
  if (as === "staff") await page.getByLabel("Username").fill(who.username ?? "");
  else await page.getByLabel("Email address").fill(who.email ?? "");
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(as === "staff" ? /\/admin/ : /\/customer\/dashboard$/);
}

/** The first message the sink received for `address`. */
async function mailTo(address: string) {
  for (let count = 1; ; count++) {
    const messages = await sink.waitFor(count, 20_000);
    const found = messages.find((m) => m.to.includes(address));
    if (found) return found;
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  sink = await startSmtpSink();
  portal = await startPortal({
    env: {
      SMTP_URL: sink.url,
      MAIL_FROM: "Northside Print <portal@northside.example>",
      EMAIL_COALESCE_MINUTES: "0",
    },
  });
  database = createDb({ connectionString: portal.databaseUrl!, max: 2 });
});

test.afterAll(async () => {
  await database?.close();
  await portal?.stop();
  await sink?.close();
});

test("phone: completed job → email rating link without signing in → rate 5 → admin report shows it", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const job = await database.db
    .selectFrom("jobs")
    .innerJoin("customers", "customers.id", "jobs.customer_id")
    .select(["jobs.job_number", "jobs.title"])
    .where("customers.email", "=", CUSTOMER_B.email)
    .where("jobs.status", "<>", "completed")
    .where("jobs.deleted_at", "is", null)
    .orderBy("jobs.id")
    .executeTakeFirstOrThrow();
  const staff = await staffCaller(database.db, portal.baseUrl);
  await staff.staff.jobs.setStatus({
    jobNumber: job.job_number,
    status: "completed",
    note: "Picked up today",
    visibleToCustomer: true,
  });

  const html = (await mailTo(CUSTOMER_B.email)).html;
  const link = /href="([^"]*\/rate\/[^"]+)"/.exec(html)?.[1];
  expect(link, html).toBeTruthy();

  // The completion email with its rating link is accessible too.
  await page.setContent(html);
  await expect(page.getByRole("link", { name: `Rate job ${job.job_number}` })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(link!.startsWith(`${portal.baseUrl}/rate/`)).toBe(true);

  // Not signed in: the link opens the rating page; opening it rates nothing.
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: `Rate job ${job.job_number}` })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.screenshot({ path: "test-results/feedback-rate-link.png", fullPage: true });
  const before = await database.db.selectFrom("job_ratings").select("id").execute();
  expect(before).toEqual([]);

  // Sending without a score is refused beside the field.
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(page.getByText("Choose a rating from 1 to 5.")).toBeVisible();
  await page.getByLabel("5 · Excellent").check();
  await page.getByLabel("Comment (optional)").fill("Fast and friendly");
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(page.getByRole("heading", { name: "Thank you" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Used once: the link now says so; a tampered one is refused clearly.
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Already rated" })).toBeVisible();
  const tampered = link!.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
  const response = await page.goto(tampered);
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("not valid");
  await expectNoAxeViolations(page);

  // The admin's report for the last 30 days counts the rating.
  await signIn(page, "staff", ADMIN);
  await page.goto(`${portal.baseUrl}/admin/report?days=30`);
  await expect(page.getByRole("heading", { name: /Report/ })).toBeVisible();
  await expect(page.getByTestId("satisfaction-value")).toHaveText("100.0%");
  await expect(page.getByText("1 of 1 ratings were 4 or 5")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.screenshot({ path: "test-results/feedback-report.png", fullPage: true });

  // Staff see the rating on the job's page.
  await page.goto(`${portal.baseUrl}/admin/job/${job.job_number}`);
  await expect(page.getByRole("heading", { name: "Customer rating" })).toBeVisible();
  await expect(page.getByText("Fast and friendly")).toBeVisible();

  // A bad period is a clear 400 on the report, not an error page.
  const bad = await page.goto(`${portal.baseUrl}/admin/report?from=2026-03-31&to=2026-03-01`);
  expect(bad?.status()).toBe(400);
  await expect(page.getByText("The start date must not be after the end date.")).toBeVisible();
});

test("phone: a customer rates a completed job from its page, without JavaScript", async ({
  browser,
  page: withScripts,
}) => {
  const job = await database.db
    .selectFrom("jobs")
    .innerJoin("customers", "customers.id", "jobs.customer_id")
    .leftJoin("job_ratings", "job_ratings.job_id", "jobs.id")
    .select(["jobs.job_number"])
    .where("customers.email", "=", CUSTOMER_A.email)
    .where("jobs.status", "=", "completed")
    .where("job_ratings.id", "is", null)
    .orderBy("jobs.id")
    .executeTakeFirstOrThrow();
  await signIn(withScripts, "customer", CUSTOMER_A);
  await withScripts.goto(`${portal.baseUrl}/customer/history`);
  await expect(
    withScripts.getByRole("link", { name: `Rate this job (${job.job_number})` }),
  ).toBeVisible();
  await expectNoAxeViolations(withScripts);
  await withScripts.goto(`${portal.baseUrl}/customer/job/${job.job_number}`);
  await expect(withScripts.getByRole("heading", { name: "Your rating" })).toBeVisible();
  await expectNoAxeViolations(withScripts);

  // The same session without JavaScript: the plain form rates the job.
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    storageState: await withScripts.context().storageState(),
  });
  const page = await context.newPage();
  await page.goto(`${portal.baseUrl}/customer/job/${job.job_number}`);
  await page.getByLabel("4 · Good").check();
  await page.getByLabel("Comment (optional)").fill("Colours a little dark");
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(page).toHaveURL(new RegExp(`/customer/job/${job.job_number}\\?rated=1`));
  await expect(page.getByRole("status")).toContainText("Thank you for your feedback.");
  await expect(page.getByText("4 of 5")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send rating" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/feedback-job-page.png", fullPage: true });
  await page.goto(`${portal.baseUrl}/customer/history`);
  await expect(page.getByText("You rated this job 4 of 5.").first()).toBeVisible();
  const rows = await database.db
    .selectFrom("job_ratings")
    .innerJoin("jobs", "jobs.id", "job_ratings.job_id")
    .select(["job_ratings.rating", "job_ratings.source"])
    .where("jobs.job_number", "=", job.job_number)
    .execute();
  expect(rows).toEqual([{ rating: 4, source: "portal" }]);
  await context.close();
});
