import AxeBuilder from "@axe-core/playwright";
import type { Browser, Locator, Page } from "@playwright/test";
import {
  CUSTOMER_A,
  expect,
  portalUrl,
  signInAsCustomer,
  signInAsStaff,
  sql,
  test,
} from "./support/fixtures.ts";
import { attachFile, newJob, png, staffSends } from "./support/proof-fixtures.ts";

/**
 * Issue 13, "Done when": staff send a proof → the customer asks for changes with a pin → staff
 * send version 2 → the customer approves; at phone width, once with JavaScript and once without
 * (approval and comments need none; pins need JavaScript). axe on the proof page, waiting and
 * approved.
 */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const INTERNAL = "INTERNAL-E2E-PROOF-7c1d";

async function customerPhone(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, baseURL: portalUrl(), javaScriptEnabled });
  const page = await context.newPage();
  await signInAsCustomer(page);
  return page;
}

async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

/**
 * The journey as the job page's timeline tells it (newest first): the approval by name, v2 sent,
 * the change request with its comment, the pin by number (pins need JavaScript), v1 sent.
 */
async function expectProofStory(story: Locator, withPin: boolean) {
  const items = story.locator(".timeline > li");
  const texts = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, " "));
  const at = (pattern: RegExp) => texts.findIndex((t) => pattern.test(t));
  const approved = at(
    new RegExp(
      `Version 2 approved by ${CUSTOMER_A.name}.*decal-v2\\.png \\(sha256 [0-9a-f]{12}\\)`,
    ),
  );
  const sent2 = at(/Proof version 2 sent: decal-v2\.png.*Lighter blue\./);
  const changes = at(/Changes requested on version 1.*Please use a lighter blue\./);
  const pin = at(/Pin 1 on version 1.*This blue is too dark/);
  const sent1 = at(/Proof version 1 sent: decal-v1\.png.*First layout: please check the colours\./);
  expect({ approved, sent2, changes, sent1 }, texts.join("\n")).toEqual({
    approved: expect.any(Number),
    sent2: approved + 1,
    changes: sent2 + 1,
    sent1: changes + (withPin ? 2 : 1),
  });
  expect(approved).toBeGreaterThanOrEqual(0);
  if (withPin) {
    expect(pin, texts.join("\n")).toBe(changes + 1);
    await expect(story.locator(".proof-pin", { hasText: "1" })).toBeVisible();
  } else {
    expect(pin).toBe(-1);
  }
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
  test(`phone: proof journey ${mode} — send, changes, version 2, approval`, async ({
    browser,
    page: staff,
  }, testInfo) => {
    test.skip(testInfo.project.name !== "phone", "a phone journey");
    test.setTimeout(90_000);
    const job = await newJob(`Window decal ${javaScriptEnabled ? "js" : "nojs"}`);
    await attachFile(job.id, "decal-v1.png", await png("Decal v1", "#1d4f91"));
    await attachFile(job.id, "decal-v2.png", await png("Decal v2", "#2e7d32"));
    await attachFile(job.id, `${INTERNAL}.png`, await png("internal", "#000000"));

    await signInAsStaff(staff);
    await staffSends(
      staff,
      job.jobNumber,
      "decal-v1.png",
      "First layout: please check the colours.",
    );

    const customer = await customerPhone(browser, javaScriptEnabled);
    // The job page: the banner on top, the sent version in the timeline.
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await expect(
      customer.getByRole("region", { name: "Proof waiting for your approval" }),
    ).toBeVisible();
    await expect(customer.getByRole("region", { name: "Timeline" })).toContainText(
      "Proof version 1 sent: decal-v1.png",
    );
    await customer.goto("/customer/dashboard");
    const banner = customer.getByRole("region", { name: "Proof waiting for your approval" });
    await expect(banner).toBeVisible();
    if (javaScriptEnabled) await expectNoViolations(customer, "the dashboard with a proof banner");
    await banner.getByRole("link", { name: new RegExp(job.jobNumber) }).click();
    await expect(customer).toHaveURL(new RegExp(`/customer/job/${job.jobNumber}/proof$`));
    await expect(customer.getByRole("heading", { name: "Version 1" })).toBeVisible();
    await expect(customer.getByText("First layout: please check the colours.")).toBeVisible();
    await expect(customer.getByText(INTERNAL)).toHaveCount(0);
    if (javaScriptEnabled) await expectNoViolations(customer, "the waiting proof page");

    // Request changes: with JavaScript a pin is dropped by tapping the image.
    if (javaScriptEnabled) {
      const image = customer.getByRole("img", { name: /Proof version 1: decal-v1\.png/ });
      await expect(image).toBeVisible();
      const box = (await image.boundingBox())!;
      await image.click({ position: { x: box.width * 0.25, y: box.height * 0.5 } });
      await customer.getByLabel("Note for pin 1").fill("This blue is too dark");
      await customer.screenshot({
        path: testInfo.outputPath("proof-waiting-phone.png"),
        fullPage: true,
      });
    } else {
      await expect(customer.locator("[data-pin-area]")).toBeHidden();
    }
    await customer.getByLabel("What should we change?").fill("Please use a lighter blue.");
    await customer.getByRole("button", { name: "Request changes" }).click();
    await expect(customer.getByText("we received your changes")).toBeVisible();
    await expect(customer.getByRole("button", { name: /Approve version/ })).toHaveCount(0);

    // Staff see the answer, the pin at the same spot, and send version 2.
    await staff.goto(`/admin/job/${job.jobNumber}`);
    const proofCard = staff.getByRole("region", { name: "Proof", exact: true });
    await expect(proofCard.getByText("Please use a lighter blue.")).toBeVisible();
    if (javaScriptEnabled) {
      await expect(proofCard.getByText("This blue is too dark")).toBeVisible();
      const pin = staff.locator(".proof-canvas .proof-pin").first();
      await expect(pin).toHaveText("1");
      const style = await pin.getAttribute("style");
      expect(style).toMatch(/left:\s*25(\.\d+)?%/);
      expect(style).toMatch(/top:\s*50(\.\d+)?%/);
      await staff.screenshot({ path: testInfo.outputPath("proof-staff.png"), fullPage: true });
    }
    await staffSends(staff, job.jobNumber, "decal-v2.png", "Lighter blue.");

    // The customer approves version 2 by typing their name; version 1 stays, read-only.
    await customer.goto(`/customer/job/${job.jobNumber}/proof`);
    await expect(customer.getByRole("heading", { name: "Version 2" })).toBeVisible();
    const earlier = customer.getByRole("region", { name: "Earlier versions" });
    await expect(earlier.getByText("Please use a lighter blue.")).toBeVisible();
    await customer.getByRole("button", { name: "Approve version 2" }).click();
    await expect(customer.getByText("Type your name to approve.")).toBeVisible();
    await customer.getByLabel("Type your full name to approve").fill(CUSTOMER_A.name);
    await customer.getByRole("button", { name: "Approve version 2" }).click();
    await expect(customer.getByText("you approved the proof")).toBeVisible();
    await expect(customer.getByText(`Approved by ${CUSTOMER_A.name}`)).toBeVisible();
    await customer.screenshot({
      path: testInfo.outputPath(`proof-approved-${mode}.png`),
      fullPage: true,
    });
    if (javaScriptEnabled) await expectNoViolations(customer, "the approved proof page");

    // The job page: no banner any more; the timeline tells every version's story, read-only.
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await expect(customer.getByRole("region", { name: /Proofs? waiting/ })).toHaveCount(0);
    const story = customer.getByRole("region", { name: "Timeline" });
    await expectProofStory(story, javaScriptEnabled);
    await expect(story.getByText(INTERNAL)).toHaveCount(0);
    // Where the approval came from is for staff only.
    await expect(story.getByText(/^From /)).toHaveCount(0);
    await expect(story.getByText(/Sam Okafor/)).toHaveCount(0);
    await expect(
      story.getByRole("link", { name: "See the proof, its files and pins" }),
    ).toHaveAttribute("href", `/customer/job/${job.jobNumber}/proof`);
    await customer.screenshot({
      path: testInfo.outputPath(`job-timeline-customer-phone-${mode}.png`),
      fullPage: true,
    });
    if (javaScriptEnabled) await expectNoViolations(customer, "the customer's job page timeline");

    // The staff job page tells the same story, with who sent each version and where the
    // approval came from.
    await staff.goto(`/admin/job/${job.jobNumber}`);
    const staffStory = staff.getByRole("region", { name: "Timeline" });
    await expectProofStory(staffStory, javaScriptEnabled);
    await expect(staffStory.getByText(/Proof version 1 sent/)).toBeVisible();
    await expect(staffStory.getByText(/· Sam Okafor/).first()).toBeVisible();
    await expect(staffStory.getByText(/^From \S+/).first()).toBeVisible();
    // The proof card shows each state once (not on the card and again on the version).
    const proofCard2 = staff.getByRole("region", { name: "Proof", exact: true });
    await expect(proofCard2.locator(".badge", { hasText: "Approved" })).toHaveCount(1);
    await staff.screenshot({
      path: testInfo.outputPath(`job-timeline-staff-phone-${mode}.png`),
      fullPage: true,
    });
    await expectNoViolations(staff, "the staff job page timeline");
    if (javaScriptEnabled) {
      await staff.setViewportSize({ width: 1280, height: 900 });
      await staff.screenshot({
        path: testInfo.outputPath("job-timeline-staff-desktop.png"),
        fullPage: true,
      });
      await customer.setViewportSize({ width: 1280, height: 900 });
      await customer.reload();
      await customer.screenshot({
        path: testInfo.outputPath("job-timeline-customer-desktop.png"),
        fullPage: true,
      });
      await expectNoViolations(customer, "the customer's job page timeline, desktop width");
    }

    const [row] = await sql<{ state: string; decision_name: string; approved_files: unknown }>(
      "select state, decision_name, approved_files from proofs where job_id = $1 and version_number = 2",
      [job.id],
    );
    expect(row).toMatchObject({ state: "approved", decision_name: CUSTOMER_A.name });
    await customer.context().close();
  });
}
