import AxeBuilder from "@axe-core/playwright";
import sharp from "sharp";
import {
  activeJobOf,
  CUSTOMER_A,
  expect,
  portalUrl,
  signInAsCustomer,
  signInAsStaff,
  test,
} from "./support/fixtures.ts";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const MARKER = "E2E-INTERNAL-FILE-3c9a";
const SHOTS = process.env.FILES_SCREENSHOTS;

const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n% ${text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );

test.describe("files on a job", () => {
  test.describe.configure({ timeout: 90_000 });

  test("staff upload a hidden and a shared file; the customer, on a phone without JavaScript, sees only the shared one and sends their own", async ({
    page,
    browser,
  }) => {
    const job = await activeJobOf(CUSTOMER_A.email);
    await signInAsStaff(page);
    await page.goto(`/admin/job/${job.jobNumber}`);
    const files = page.locator("#files");
    await files.getByLabel("Caption (optional)").fill(`${MARKER} drawing`);
    await files.getByLabel("File", { exact: true }).setInputFiles({
      name: `${MARKER}.pdf`,
      mimeType: "application/pdf",
      buffer: pdf(MARKER),
    });
    await files.getByRole("button", { name: "Upload file" }).click();
    await expect(page.getByTestId("file-notice")).toHaveText("The file was uploaded.");
    await expect(files.getByRole("link", { name: `${MARKER}.pdf` })).toBeVisible();
    await expect(files.getByText("Staff only")).toBeVisible();

    const proof = await sharp({
      create: { width: 800, height: 500, channels: 3, background: "#2a6fb0" },
    })
      .png()
      .toBuffer();
    await files.getByLabel("Caption (optional)").fill("Proof of the banner");
    await files.getByLabel("Customer can see this file").check();
    await files.getByLabel("File", { exact: true }).setInputFiles({
      name: "banner-proof.png",
      mimeType: "image/png",
      buffer: proof,
    });
    await files.getByRole("button", { name: "Upload file" }).click();
    await expect(page.getByTestId("file-notice")).toBeVisible();
    await expect(files.getByRole("link", { name: "banner-proof.png" })).toBeVisible();
    const staffAxe = await new AxeBuilder({ page }).include("#files").withTags(TAGS).analyze();
    expect(staffAxe.violations.map((v) => v.id)).toEqual([]);

    // The customer: phone width, no JavaScript at all.
    const phone = await browser.newContext({
      baseURL: portalUrl(),
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
    const customer = await phone.newPage();
    await signInAsCustomer(customer);
    await customer.goto(`/customer/job/${job.jobNumber}`);
    const theirs = customer.locator("#files");
    await expect(theirs.getByRole("link", { name: "banner-proof.png" })).toBeVisible();
    await expect(theirs.getByText("Proof of the banner")).toBeVisible();
    expect(await customer.content()).not.toContain(MARKER);
    const href = await theirs.getByRole("link", { name: "banner-proof.png" }).getAttribute("href");
    const download = await customer.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("image/png");
    expect(Buffer.from(await download.body()).equals(proof)).toBe(true);

    const logo = await sharp({
      create: { width: 300, height: 300, channels: 3, background: "#c0392b" },
    })
      .jpeg()
      .toBuffer();
    await theirs.getByLabel("Note about the file (optional)").fill("Our logo, please use this one");
    await theirs.getByLabel("File", { exact: true }).setInputFiles({
      name: "our-logo.jpg",
      mimeType: "image/jpeg",
      buffer: logo,
    });
    await theirs.getByRole("button", { name: "Upload file" }).click();
    await expect(customer.getByTestId("file-uploaded")).toBeVisible();
    await expect(theirs.getByText("sent by you")).toBeVisible();
    if (SHOTS) await theirs.screenshot({ path: `${SHOTS}/customer-files-phone.png` });

    // A refused file: the customer reads why, in words, and nothing appears.
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await theirs.getByLabel("File", { exact: true }).setInputFiles({
      name: "invoice.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("just text, not a PDF\n".repeat(50)),
    });
    await theirs.getByRole("button", { name: "Upload file" }).click();
    await expect(customer.getByRole("alert")).toContainText("This type of file is not accepted");
    await customer.getByRole("link", { name: "Back to the job" }).click();
    await expect(theirs.getByText("invoice.pdf")).toHaveCount(0);
    await phone.close();

    // axe needs JavaScript: the same page at phone width in a context that has it.
    const phoneJs = await browser.newContext({
      baseURL: portalUrl(),
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const checked = await phoneJs.newPage();
    await signInAsCustomer(checked);
    await checked.goto(`/customer/job/${job.jobNumber}`);
    const customerAxe = await new AxeBuilder({ page: checked }).withTags(TAGS).analyze();
    expect(customerAxe.violations.map((v) => v.id)).toEqual([]);
    await phoneJs.close();

    // Staff see the customer's upload, marked as theirs.
    await page.goto(`/admin/job/${job.jobNumber}`);
    await expect(files.getByRole("link", { name: "our-logo.jpg" })).toBeVisible();
    await expect(files.locator("li", { hasText: "our-logo.jpg" })).toContainText(
      "from customer Maria Chen",
    );
    if (SHOTS) await files.screenshot({ path: `${SHOTS}/staff-files-desktop.png` });

    // Delete the internal file: gone for staff too.
    const internal = files.locator("li", { hasText: `${MARKER}.pdf` });
    await internal.getByRole("button", { name: /Delete/ }).click();
    await expect(page.getByTestId("file-notice")).toHaveText("The file was deleted.");
    await expect(files.getByText(`${MARKER}.pdf`)).toHaveCount(0);
  });
});
