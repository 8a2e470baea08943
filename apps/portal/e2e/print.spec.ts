import { mkdirSync, writeFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { decodeQr } from "@traveler/api/testing/qr-decode";
import {
  activeJobOf,
  CUSTOMER_B,
  expect,
  portalUrl,
  STAFF,
  signInAsCustomer,
  signInAsStaff,
  sql,
  test,
} from "./support/fixtures.ts";

const SHOTS = "test-results/print";

/** Pages of a PDF Chromium wrote (page objects, not the page tree). */
function pdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

/** A job as a shop writes them: a few specifications, two lines of instructions, a description. */
async function typicalJob(title: string, status = "in_progress"): Promise<string> {
  const [row] = await sql<{ job_number: string }>(
    `insert into jobs (customer_id, title, description, quantity, special_instructions,
       specifications, status, progress_percentage, estimated_completion)
     select c.id, $2,
       'Double-sided outdoor banners for the spring opening, printed on heavy vinyl with a matt finish so they read in sunlight.',
       250, E'Hem all edges and fit grommets every 60 cm.\nCall the customer before delivery: the site gate code changes weekly.',
       $3::jsonb, $4, 40, current_date + 3
       from customers c where c.email = $1
     returning job_number`,
    [
      CUSTOMER_B.email,
      title,
      JSON.stringify([
        { name: "Size", value: "3000 x 1000 mm" },
        { name: "Material", value: "13 oz PVC banner vinyl, matt" },
        { name: "Colours", value: "CMYK + spot white" },
        { name: "Finishing", value: "Hemmed, brass grommets" },
        { name: "Proof", value: "PDF proof approved 12 Nov" },
        { name: "Artwork", value: "customer-supplied, outlined fonts" },
      ]),
      status,
    ],
  );
  if (!row) throw new Error("insert failed");
  return row.job_number;
}

async function qrOf(page: Page, index = 0): Promise<{ markup: string; picture: string | null }> {
  const svg = page.locator("svg.traveler-qr-code").nth(index);
  const markup = await decodeQr(await svg.evaluate((el) => el.outerHTML));
  if (!markup) throw new Error("the QR markup did not decode");
  return { markup, picture: await decodeQr(await svg.screenshot()) };
}

test.describe("printed travelers", () => {
  test("a job's traveler: from the staff page, its QR code opens the job, one A4 and one Letter page", async ({
    page,
  }) => {
    const jobNumber = await typicalJob("Spring opening banners");
    await signInAsStaff(page);
    await page.goto(`/admin/job/${jobNumber}`);
    await page.getByRole("link", { name: "Print traveler" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/job/${jobNumber}/print$`));
    await expect(
      page.getByRole("heading", { level: 1, name: `Traveler ${jobNumber}` }),
    ).toBeVisible();
    const sheet = page.locator("article.traveler");
    await expect(sheet).toHaveCount(1);
    await expect(sheet.getByRole("heading", { name: jobNumber })).toBeVisible();
    for (const text of [
      "David Osei",
      "250",
      "13 oz PVC banner vinyl, matt",
      "Call the customer before delivery",
      "Quality check",
      "Ready for pickup",
      "Initials",
      "Notes",
    ]) {
      await expect(sheet).toContainText(text);
    }
    // The QR code, as markup and as Chromium draws it, holds exactly the job's staff page.
    const url = `${portalUrl()}/admin/job/${jobNumber}`;
    expect(await qrOf(page)).toEqual({ markup: url, picture: url });
    // JavaScript shows the Print button (without it, the page says Ctrl+P).
    await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/traveler-screen-${test.info().project.name}.png`,
      fullPage: true,
    });

    for (const format of ["A4", "Letter"] as const) {
      const pdf = await page.pdf({ format });
      expect(pdfPages(pdf), `${format} pages`).toBe(1);
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(`${SHOTS}/traveler-${format}.pdf`, pdf);
    }
    // Paper shows the traveler only: no portal header, toolbar or footer.
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".site-header")).toBeHidden();
    await expect(page.locator(".print-toolbar").first()).toBeHidden();
    await expect(sheet).toBeVisible();
  });

  test("a board column prints one traveler per page; a day prints the open jobs due that day", async ({
    page,
  }) => {
    const numbers = [
      await typicalJob("Column print one", "quality_check"),
      await typicalJob("Column print two", "quality_check"),
    ];
    const column = await sql<{ job_number: string }>(
      `select job_number from jobs where status = 'quality_check' and deleted_at is null
        order by estimated_completion nulls last, job_number`,
    );
    await signInAsStaff(page);
    await page.goto("/admin");
    await page.getByRole("link", { name: "Print this column: Quality check" }).click();
    await expect(page).toHaveURL(/\/admin\/print\?status=quality_check$/);
    await expect(
      page.getByRole("heading", { level: 1, name: "Travelers: Quality check" }),
    ).toBeVisible();
    const sheets = page.locator("article.traveler");
    await expect(sheets).toHaveCount(column.length);
    expect(
      await sheets.evaluateAll((a) => a.map((e) => e.getAttribute("data-job-number"))),
    ).toEqual(column.map((c) => c.job_number));
    for (const n of numbers) expect(column.map((c) => c.job_number)).toContain(n);
    const index = column.findIndex((c) => c.job_number === numbers[1]);
    expect((await qrOf(page, index)).picture).toBe(`${portalUrl()}/admin/job/${numbers[1]}`);
    for (const format of ["A4", "Letter"] as const) {
      const pdf = await page.pdf({ format });
      expect(pdfPages(pdf), `${format} pages`).toBe(column.length);
      writeFileSync(`${SHOTS}/batch-${format}.pdf`, pdf);
    }

    // Today's due (shop day): the board's link.
    const due = await sql<{ job_number: string }>(
      `select j.job_number from jobs j, shop_settings s
        where s.id = 1 and j.deleted_at is null and j.status <> 'completed'
          and j.estimated_completion = (now() at time zone s.time_zone)::date
        order by j.job_number`,
    );
    await page.goto("/admin");
    await page.getByRole("link", { name: "Print today's due" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Travelers: due / })).toBeVisible();
    await expect(sheets).toHaveCount(due.length);
    // A day with nothing due says so.
    await page.goto("/admin/print?day=2099-01-01");
    await expect(page.getByText("No open jobs are due Thu 1 Jan 2099.")).toBeVisible();
    await expect(sheets).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Print" })).toHaveCount(0);
  });

  test("bad addresses: 400 with a message, unknown job 404, customers and signed-out visitors kept out", async ({
    page,
  }) => {
    await signInAsStaff(page);
    for (const path of [
      "/admin/print",
      "/admin/print?day=2026-02-30",
      "/admin/print?status=lost",
    ]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(400);
      await expect(page.getByText("Choose what to print")).toBeVisible();
    }
    const missing = await page.goto("/admin/job/J-1999-0001/print");
    expect(missing?.status()).toBe(404);
    await expect(page.getByText("We could not find that job.")).toBeVisible();
    const job = await activeJobOf(CUSTOMER_B.email);
    await page.context().clearCookies();
    await signInAsCustomer(page);
    const asCustomer = await page.goto(`/admin/job/${job.jobNumber}/print`);
    expect(asCustomer?.status()).toBe(403);
    await expect(page.locator("article.traveler")).toHaveCount(0);
    await page.context().clearCookies();
    await page.goto("/admin/print?status=in_progress");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("the Print button", () => {
  test("opens the browser's print dialog, and ?print=1 prints at once", async ({ page }) => {
    // Print dialogs are counted instead of opened.
    await page.addInitScript(() => {
      const self = globalThis as unknown as { print: () => void; printed?: number };
      self.print = () => {
        self.printed = (self.printed ?? 0) + 1;
      };
    });
    const printed = () => page.evaluate(() => (globalThis as { printed?: number }).printed ?? 0);
    const job = await activeJobOf(CUSTOMER_B.email);
    await signInAsStaff(page);
    await page.goto(`/admin/job/${job.jobNumber}/print`);
    await expect(page.getByText("Press Ctrl+P")).toBeHidden();
    expect(await printed()).toBe(0);
    await page.getByRole("button", { name: "Print" }).click();
    expect(await printed()).toBe(1);
    await page.goto(`/admin/job/${job.jobNumber}/print?print=1`);
    await expect.poll(printed).toBe(1);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the page says to press Ctrl+P and shows no dead button", async ({ page }) => {
      const job = await activeJobOf(CUSTOMER_B.email);
      await signInAsStaff(page);
      await page.goto(`/admin/job/${job.jobNumber}/print`);
      await expect(page.getByText("Press Ctrl+P (⌘P on a Mac) to print.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
      await expect(page.locator("article.traveler")).toHaveCount(1);
    });
  });
});

test.describe("phone: from a scanned traveler to a saved status", () => {
  test("staff on a phone opens the QR code's address, changes status and progress with taps", async ({
    page,
    browser,
    baseURL,
  }, testInfo) => {
    test.skip(testInfo.project.name !== "phone", "the phone project runs it at 390 x 844");
    const job = await activeJobOf(CUSTOMER_B.email);
    // Staff sign in on the phone with the real form.
    await page.goto("/login?as=staff");
    await page.getByLabel("Username").tap();
    await page.getByLabel("Username").fill(STAFF.username);
    await page.getByLabel("Password").fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in" }).tap();
    await expect(page.getByRole("heading", { level: 1, name: "Job board" })).toBeVisible();
    // The printed traveler's QR code, read as a camera would from the page.
    await page.goto(`/admin/job/${job.jobNumber}/print`);
    const { picture } = await qrOf(page);
    expect(picture).toBe(`${portalUrl()}/admin/job/${job.jobNumber}`);
    await page.goto(picture ?? "");
    await expect(page.getByRole("heading", { level: 1, name: job.title })).toBeVisible();
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: `${SHOTS}/staff-job-phone.png`, fullPage: true });
    await page.getByLabel("Status", { exact: true }).tap();
    await page.getByLabel("Status", { exact: true }).selectOption("ready_for_pickup");
    await page.getByLabel("Progress (%)").tap();
    await page.getByLabel("Progress (%)").fill("95");
    await page.getByLabel("Note").fill("Scanned at the packing bench.");
    const save = page.getByRole("button", { name: "Save update" });
    const box = await save.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    await save.tap();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("ready_for_pickup");
    await expect(page.getByLabel("Progress (%)")).toHaveValue("95");
    const [saved] = await sql<{ status: string; progress_percentage: number }>(
      "select status, progress_percentage from jobs where job_number = $1",
      [job.jobNumber],
    );
    expect(saved).toEqual({ status: "ready_for_pickup", progress_percentage: 95 });

    // The customer sees the new status.
    const customerContext = await browser.newContext({ baseURL });
    const customer = await customerContext.newPage();
    await signInAsCustomer(customer, CUSTOMER_B);
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await expect(customer.locator("main")).toContainText("Ready for pickup");
    await expect(customer.getByText("Scanned at the packing bench.")).toBeVisible();
    await customerContext.close();
  });
});

test.describe("unknown addresses", () => {
  test("get the branded 404 page, with the signed-in header when signed in", async ({ page }) => {
    const [shop] = await sql<{ shop_name: string }>("select shop_name from shop_settings");
    for (const signedIn of [false, true]) {
      if (signedIn) await signInAsStaff(page);
      for (const path of [
        "/nope",
        "/admin/nope",
        "/customer/nope",
        "/admin/job/J-2026-0001/nope",
      ]) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(404);
        await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
        await expect(page.locator("body")).not.toContainText("No route matches");
        await expect(page.locator(".site-brand")).toContainText(shop?.shop_name ?? "");
        await expect(page.getByTestId("signed-in-as")).toHaveCount(signedIn ? 1 : 0);
        if (signedIn) await expect(page.getByTestId("signed-in-as")).toContainText(STAFF.name);
      }
    }
    const post = await page.request.post(`${portalUrl()}/nope`, {
      headers: { Origin: portalUrl() },
      form: { a: "b" },
    });
    expect(post.status()).toBe(404);
  });
});
