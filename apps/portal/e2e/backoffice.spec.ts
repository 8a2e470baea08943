import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import sharp from "sharp";
import {
  activeJobOf,
  CUSTOMER_A,
  CUSTOMER_B,
  expect,
  portalUrl,
  STAFF,
  signInAsCustomer,
  signInAsStaff,
  sql,
  test,
} from "./support/fixtures.ts";

/** The web back office (issue 12 §4): customers and jobs created, found and edited on the web. */

const unique = () => Math.random().toString(36).slice(2, 8);

async function png(color: string): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .png()
    .toBuffer();
}

async function customerCount(): Promise<number> {
  const [row] = await sql<{ n: string }>("select count(*) as n from customers");
  return Number(row?.n);
}

/** Posts a form as the page's signed-in person (same cookies), with the Origin check satisfied. */
function post(page: Page, path: string, form: Record<string, string>) {
  return page.request.post(`${portalUrl()}${path}`, {
    form,
    headers: { Origin: portalUrl() },
    maxRedirects: 0,
  });
}

test.describe("web back office", () => {
  test("staff find customers by name, company, email or phone and open one", async ({
    staffPage: page,
  }) => {
    await page.goto("/admin");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Customers" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
    const list = page.getByRole("list", { name: "Customers" });
    for (const q of ["osei", "Osei Builders", "david@oseib", "555 010 7781", "5550107781"]) {
      await page.getByRole("searchbox", { name: "Search customers" }).fill(q);
      await page.getByRole("button", { name: "Search" }).click();
      await expect(list.getByRole("link", { name: CUSTOMER_B.name }), q).toBeVisible();
      await expect(list.getByRole("link", { name: CUSTOMER_A.name }), q).toHaveCount(0);
    }
    await page.getByRole("searchbox", { name: "Search customers" }).fill("zzzz-nobody");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("customer-count")).toHaveText(
      "No customers match “zzzz-nobody”.",
    );
    await page.getByRole("searchbox", { name: "Search customers" }).fill("osei");
    await page.getByRole("button", { name: "Search" }).click();
    await list.getByRole("link", { name: CUSTOMER_B.name }).click();
    await expect(page.getByRole("heading", { level: 1, name: CUSTOMER_B.name })).toBeVisible();
  });

  test("a new customer opens after creation; edits save, and a colleague's change is shown with its label", async ({
    staffPage: page,
  }) => {
    const tag = unique();
    const email = `ines.${tag}@harbor.example`;
    await page.goto("/admin/customers");
    await page.getByRole("link", { name: "New customer" }).click();
    await page.getByLabel("Name").fill(`Ines Harbor ${tag}`);
    await page.getByLabel("Company (optional)").fill("Harbor Kayaks");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Phone (optional)").fill("+1 555 010 0000");
    await page.getByLabel("Address (optional)").fill("12 Pier Road\nSuite 4\nPortland, OR");
    await page.getByLabel("Email an invitation to set a password").check();
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page).toHaveURL(/\/admin\/customer\/\d+/);
    await expect(page.getByRole("heading", { level: 1, name: `Ines Harbor ${tag}` })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Customer created." })).toBeVisible();
    // The address keeps its line breaks as shown (rendered text, so innerText).
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered line breaks are the point
    expect(await page.getByTestId("customer-address").innerText()).toBe(
      "12 Pier Road\nSuite 4\nPortland, OR",
    );
    const [row] = await sql<{ id: string; portal_enabled: boolean }>(
      "select id, portal_enabled from customers where email = $1",
      [email],
    );
    expect(row?.portal_enabled).toBe(true);
    const invites = await sql(
      "select 1 from email_outbox where customer_id = $1 and kind = 'invite'",
      [row?.id],
    );
    expect(invites).toHaveLength(1);
    // The audit log has who created it.
    const audit = await sql<{ action: string }>(
      "select action from audit_log where target_type = 'customer' and target_id = $1",
      [row?.id],
    );
    expect(audit.map((a) => a.action)).toContain("staff.customer.create");

    // Portal access off (and back on) from the customer's page.
    await page.getByRole("button", { name: "Turn off portal access" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: "Portal access is off." }),
    ).toBeVisible();
    expect(
      (
        await sql<{ on: boolean }>("select portal_enabled as on from customers where id = $1", [
          row?.id,
        ])
      )[0]?.on,
    ).toBe(false);
    await page.getByRole("button", { name: "Turn on portal access" }).click();
    await expect(page.getByRole("button", { name: "Send portal invite" })).toBeVisible();

    // Edit: the phone changes, nothing else is written.
    const edit = page.getByRole("form", { name: "Edit customer" });
    await edit.getByLabel("Phone (optional)").fill("+1 555 010 1111");
    await edit.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    const [saved] = await sql<{ phone: string; name: string }>(
      "select phone, name from customers where id = $1",
      [row?.id],
    );
    expect(saved).toEqual({ phone: "+1 555 010 1111", name: `Ines Harbor ${tag}` });

    // A colleague renames the customer while this form is open: my rename conflicts, by label.
    await sql("update customers set name = $1 where id = $2", [`Ines Colleague ${tag}`, row?.id]);
    await edit.getByLabel("Name").fill(`Ines Mine ${tag}`);
    await edit.getByLabel("Company (optional)").fill("Harbor Kayaks & Canoes");
    await edit.getByRole("button", { name: "Save details" }).click();
    const conflict = page.getByTestId("edit-conflict");
    await expect(conflict).toContainText("Name");
    await expect(conflict).toContainText(`They saved: Ines Colleague ${tag}`);
    await expect(conflict).toContainText(`You entered: Ines Mine ${tag}`);
    const [during] = await sql<{ name: string; company: string }>(
      "select name, company from customers where id = $1",
      [row?.id],
    );
    expect(during).toEqual({ name: `Ines Colleague ${tag}`, company: "Harbor Kayaks" });
    // My values are still in the form: saving again applies them over the colleague's.
    await expect(page.getByRole("form", { name: "Edit customer" }).getByLabel("Name")).toHaveValue(
      `Ines Mine ${tag}`,
    );
    await page
      .getByRole("form", { name: "Edit customer" })
      .getByRole("button", { name: "Save details" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: `Ines Mine ${tag}` })).toBeVisible();
    const [after] = await sql<{ name: string; company: string }>(
      "select name, company from customers where id = $1",
      [row?.id],
    );
    expect(after).toEqual({ name: `Ines Mine ${tag}`, company: "Harbor Kayaks & Canoes" });
  });

  test("bad input is a 4xx with the message beside the field and changes nothing", async ({
    staffPage: page,
  }) => {
    const before = await customerCount();
    await page.goto("/admin/customers/new");
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.locator("#name-error")).toHaveText("Please fill this in.");
    await expect(page.locator("#email-error")).toHaveText("Enter a valid email address.");
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
    // An email another customer has.
    await page.getByLabel("Name").fill("Copy of Maria");
    await page.getByLabel("Email", { exact: true }).fill(CUSTOMER_A.email.toUpperCase());
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.locator("#email-error")).toHaveText(
      "Another customer already uses this email address.",
    );
    expect(await customerCount()).toBe(before);

    const bad = await post(page, "/admin/customers/new", { name: "", email: "x" });
    expect(bad.status()).toBe(400);
    const noTitle = await post(page, "/admin/jobs/new", { customerId: "1", title: "  " });
    expect(noTitle.status()).toBe(400);
    const job = await activeJobOf(CUSTOMER_A.email);
    const [v] = await sql<{ version: number; quantity: number }>(
      "select version, quantity from jobs where job_number = $1",
      [job.jobNumber],
    );
    const badEdit = await post(page, `/admin/job/${job.jobNumber}/edit`, {
      version: String(v?.version),
      base: "{}",
      title: "Still fine",
      quantity: "-3",
    });
    expect(badEdit.status()).toBe(400);
    const [after] = await sql<{ version: number; quantity: number }>(
      "select version, quantity from jobs where job_number = $1",
      [job.jobNumber],
    );
    expect(after).toEqual(v);
    // A quantity typed wrong on the page: the message sits beside it and the job is unchanged.
    await page.goto(`/admin/job/${job.jobNumber}/edit`);
    await page.getByLabel("Quantity").fill("0");
    await page.getByLabel("Specification 1 value").fill("orphan value");
    await page.getByLabel("Specification 1 name").fill("");
    await page.getByRole("button", { name: "Save job details" }).click();
    await expect(page.locator("#quantity-error")).toHaveText("Enter a number of at least 1.");
    await expect(page.locator("#spec-0-name-error")).toContainText("Name this specification");
    const [unchanged] = await sql<{ version: number; quantity: number }>(
      "select version, quantity from jobs where job_number = $1",
      [job.jobNumber],
    );
    expect(unchanged).toEqual(v);
  });

  test("a new job: the customer picker searches while typing, the job opens after creation, and its fields and specifications edit", async ({
    staffPage: page,
  }) => {
    const title = `Kayak decals ${unique()}`;
    await page.goto("/admin/jobs/new");
    await page.getByLabel("Find the customer").pressSequentially("osei b", { delay: 20 });
    const choice = page.getByRole("radio", { name: /David Osei · Osei Builders/ });
    await expect(choice).toBeVisible();
    // JavaScript lists the matches in place: no page load happened.
    expect(page.url()).not.toContain("customerQ");
    await choice.check();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Quantity").fill("40");
    await page.getByLabel("Estimated completion").fill("2031-05-20");
    await page.getByLabel("Specification 1 name").fill("Material");
    await page.getByLabel("Specification 1 value").fill("Marine vinyl");
    await page.getByLabel("Specification 3 name").fill("Size");
    await page.getByLabel("Specification 3 value").fill("30 x 10 cm");
    await page.getByLabel("Special instructions").fill("Weeded and masked");
    await page.getByLabel("Internal shop notes").fill("Use the big plotter");
    await page.getByLabel("Owner").selectOption({ label: STAFF.name });
    await page.getByLabel("Rush").check();
    await page.getByRole("button", { name: "Create job" }).click();
    await expect(page).toHaveURL(/\/admin\/job\/J-\d{4}-\d+\?created=1$/);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    const specs = page.getByRole("table", { name: `Specifications of ${title}` });
    await expect(specs.getByRole("row")).toHaveCount(3);
    await expect(specs).toContainText("Material");
    await expect(specs).toContainText("30 x 10 cm");
    const jobNumber = page.url().match(/J-\d{4}-\d+/)?.[0] ?? "";
    const [created] = await sql<{
      quantity: number;
      rush: boolean;
      owner: string;
      customer: string;
      specifications: unknown;
    }>(
      `select j.quantity, j.rush, s.display_name as owner, c.email as customer, j.specifications
         from jobs j join customers c on c.id = j.customer_id
         left join staff_users s on s.id = j.owner_id where j.job_number = $1`,
      [jobNumber],
    );
    expect(created).toEqual({
      quantity: 40,
      rush: true,
      owner: STAFF.name,
      customer: CUSTOMER_B.email,
      specifications: [
        { name: "Material", value: "Marine vinyl" },
        { name: "Size", value: "30 x 10 cm" },
      ],
    });

    // Edit: quantity, a specification changed, one removed, one added; a new date with a reason.
    await page.getByRole("link", { name: "Edit job details" }).click();
    await page.getByLabel("Quantity").fill("45");
    await page.getByLabel("Specification 1 value").fill("Cast vinyl");
    await page.getByLabel("Specification 2 name").fill("");
    await page.getByLabel("Specification 2 value").fill("");
    await page.getByLabel("Specification 3 name").fill("Finish");
    await page.getByLabel("Specification 3 value").fill("Matte");
    await page.getByLabel("Estimated completion").fill("2031-05-23");
    await page
      .getByLabel("Reason for the new date (shown to the customer)")
      .fill("Vinyl arrives late");
    await page.getByLabel("Rush").uncheck();
    await page.getByRole("button", { name: "Save job details" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/job/${jobNumber}\\?saved=1$`));
    await expect(page.getByRole("status").filter({ hasText: "Job details saved." })).toBeVisible();
    await expect(specs).toContainText("Cast vinyl");
    await expect(specs).toContainText("Finish");
    await expect(specs).not.toContainText("30 x 10 cm");
    const [edited] = await sql<{ quantity: number; rush: boolean; specifications: unknown }>(
      "select quantity, rush, specifications from jobs where job_number = $1",
      [jobNumber],
    );
    expect(edited).toEqual({
      quantity: 45,
      rush: false,
      specifications: [
        { name: "Material", value: "Cast vinyl" },
        { name: "Finish", value: "Matte" },
      ],
    });
    const [moved] = await sql<{ notes: string }>(
      `select h.notes from job_status_history h join jobs j on j.id = h.job_id
        where j.job_number = $1 and h.kind = 'due'`,
      [jobNumber],
    );
    expect(moved?.notes).toBe("Vinyl arrives late");
    const audit = await sql<{ action: string }>(
      "select action from audit_log where target_type = 'job' and target_id = $1 order by id",
      [jobNumber],
    );
    expect(audit.map((a) => a.action)).toEqual(["staff.job.create", "staff.job.update"]);

    // A colleague changes the title meanwhile: my title conflicts, shown by its label.
    await page.getByRole("link", { name: "Edit job details" }).click();
    await sql("update jobs set title = $1 where job_number = $2", [`${title} (theirs)`, jobNumber]);
    await page.getByLabel("Title").fill(`${title} (mine)`);
    await page.getByRole("button", { name: "Save job details" }).click();
    const conflict = page.getByTestId("edit-conflict");
    await expect(conflict).toContainText("Title");
    await expect(conflict).toContainText(`They saved: ${title} (theirs)`);
    await expect(page.getByLabel("Title")).toHaveValue(`${title} (mine)`);
    await page.getByRole("button", { name: "Save job details" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${title} (mine)` })).toBeVisible();
  });

  test("a new job from a customer's page has that customer chosen", async ({ staffPage: page }) => {
    const [row] = await sql<{ id: string }>("select id from customers where email = $1", [
      CUSTOMER_A.email,
    ]);
    await page.goto(`/admin/customer/${row?.id}`);
    await page.getByRole("link", { name: "New job for this customer" }).click();
    await expect(page.getByTestId("chosen-customer")).toContainText(CUSTOMER_A.name);
    await page.getByLabel("Title").fill("Birthday cake boxes");
    await page.getByRole("button", { name: "Create job" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Birthday cake boxes" }),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: CUSTOMER_A.name })).toBeVisible();
  });

  test("photos: a hidden one stays with the staff, a visible one reaches the customer; refused files change nothing", async ({
    browser,
    staffPage: page,
  }) => {
    const job = await activeJobOf(CUSTOMER_A.email);
    const photos = async () =>
      Number(
        (
          await sql<{ n: string }>(
            `select count(*) as n from job_photos p join jobs j on j.id = p.job_id
              where j.job_number = $1 and p.deleted_at is null`,
            [job.jobNumber],
          )
        )[0]?.n,
      );
    const before = await photos();
    await page.goto(`/admin/job/${job.jobNumber}`);
    const upload = page.getByRole("form", { name: "Add a photo" });
    const tag = unique();
    await upload.getByLabel("Photo (JPEG").setInputFiles({
      name: "jig.png",
      mimeType: "image/png",
      buffer: await png("#884400"),
    });
    await upload.getByLabel("Caption").fill(`Jig setup ${tag}`);
    await upload.getByRole("button", { name: "Upload photo" }).click();
    await expect(page.getByTestId("photo-message")).toHaveText(
      "Photo added. Only shop staff can see it.",
    );
    await page
      .getByRole("form", { name: "Add a photo" })
      .getByLabel("Photo (JPEG")
      .setInputFiles({
        name: "proof.png",
        mimeType: "image/png",
        buffer: await png("#0044aa"),
      });
    await page
      .getByRole("form", { name: "Add a photo" })
      .getByLabel("Caption")
      .fill(`Proof ${tag}`);
    await page.getByLabel("Customer can see this photo").check();
    await page
      .getByRole("form", { name: "Add a photo" })
      .getByRole("button", { name: "Upload photo" })
      .click();
    await expect(page.getByTestId("photo-message")).toHaveText(
      "Photo added. The customer can see it.",
    );
    await expect(page.getByRole("img", { name: `Jig setup ${tag}` })).toBeVisible();
    await expect(page.getByRole("img", { name: `Proof ${tag}` })).toBeVisible();
    expect(await photos()).toBe(before + 2);
    const [hidden] = await sql<{ id: string }>("select id from job_photos where caption = $1", [
      `Jig setup ${tag}`,
    ]);

    // Not an image, and too big: a clear message, nothing stored.
    await page
      .getByRole("form", { name: "Add a photo" })
      .getByLabel("Photo (JPEG")
      .setInputFiles({
        name: "notes.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("just some text, not a picture"),
      });
    await page
      .getByRole("form", { name: "Add a photo" })
      .getByRole("button", { name: "Upload photo" })
      .click();
    await expect(page.locator("#photo-error")).toContainText("not an image");
    const big = await page.request.post(`${portalUrl()}/admin/job/${job.jobNumber}`, {
      headers: { Origin: portalUrl() },
      multipart: {
        intent: "photo-add",
        caption: "too big",
        photo: {
          name: "big.jpg",
          mimeType: "image/jpeg",
          buffer: Buffer.alloc(11 * 1024 * 1024, 1),
        },
      },
    });
    expect(big.status()).toBe(413);
    expect(await big.text()).toContain("larger than 10 MB");
    expect(await photos()).toBe(before + 2);

    // The customer sees the visible photo only; the hidden one is a 404 even by its address.
    const customer = await browser.newPage({ baseURL: portalUrl() });
    await signInAsCustomer(customer);
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await expect(customer.getByRole("img", { name: `Proof ${tag}` })).toBeVisible();
    await expect(customer.getByText(`Jig setup ${tag}`)).toHaveCount(0);
    expect(
      (await customer.request.get(`${portalUrl()}/customer/photo/${hidden?.id}/thumb`)).status(),
    ).toBe(404);

    // Shown to the customer from the staff page, then removed.
    await page.getByRole("button", { name: `Show to customer: Jig setup ${tag}` }).click();
    await expect(page.getByTestId("photo-message")).toHaveText(
      "The customer can now see the photo.",
    );
    await customer.reload();
    await expect(customer.getByRole("img", { name: `Jig setup ${tag}` })).toBeVisible();
    await page.getByRole("button", { name: `Remove photo: Jig setup ${tag}` }).click();
    await expect(page.getByTestId("photo-message")).toHaveText("Photo removed.");
    await expect(page.getByRole("img", { name: `Jig setup ${tag}` })).toHaveCount(0);
    await customer.reload();
    await expect(customer.getByRole("img", { name: `Jig setup ${tag}` })).toHaveCount(0);
    await customer.close();
  });

  test("a customer session gets no back-office page, read or write", async ({ page }) => {
    await signInAsCustomer(page);
    const job = await activeJobOf(CUSTOMER_A.email);
    const [photo] = await sql<{ id: string }>("select id from job_photos limit 1");
    for (const path of [
      "/admin/customers",
      "/admin/customers?q=osei",
      "/admin/customers/new",
      "/admin/customers/search?q=osei",
      "/admin/jobs/new",
      `/admin/job/${job.jobNumber}/edit`,
      `/admin/photo/${photo?.id ?? 1}/thumb`,
    ]) {
      const res = await page.request.get(`${portalUrl()}${path}`, { maxRedirects: 0 });
      expect([403, 404], path).toContain(res.status());
      expect(await res.text(), path).not.toContain("osei");
    }
    const before = await customerCount();
    for (const [path, form] of [
      ["/admin/customers/new", { name: "Sneaky", email: "sneaky@x.example" }],
      ["/admin/jobs/new", { customerId: "1", title: "Sneaky job" }],
      [`/admin/job/${job.jobNumber}/edit`, { version: "1", base: "{}", title: "Sneaky" }],
      [`/admin/job/${job.jobNumber}`, { intent: "photo-remove", photoId: String(photo?.id ?? 1) }],
    ] as const) {
      const res = await post(page, path, form);
      expect([403, 404], path).toContain(res.status());
    }
    expect(await customerCount()).toBe(before);
    expect(await sql("select 1 from jobs where title like 'Sneaky%'")).toHaveLength(0);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("staff create a job, finding the customer with the search button", async ({ page }) => {
    await signInAsStaff(page);
    const title = `Menu boards ${unique()}`;
    await page.goto("/admin/jobs/new");
    // Typed first: the search keeps it.
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Specification 1 name").fill("Boards");
    await page.getByLabel("Specification 1 value").fill("6");
    await page.getByLabel("Find the customer").fill("5550103344");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect(page).toHaveURL(/customerQ=5550103344/);
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByLabel("Specification 1 value")).toHaveValue("6");
    await page.getByRole("radio", { name: /Maria Chen · Chen Family Bakery/ }).check();
    await page.getByRole("button", { name: "Create job" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("link", { name: CUSTOMER_A.name })).toBeVisible();
    await expect(page.getByRole("table", { name: `Specifications of ${title}` })).toContainText(
      "Boards",
    );
    // Without a customer chosen, the form says so and creates nothing.
    await page.goto("/admin/jobs/new");
    await page.getByLabel("Title").fill(`${title} twice`);
    await page.getByRole("button", { name: "Create job" }).click();
    await expect(page.locator("#customerId-error")).toContainText("Choose a customer");
    await expect(page.getByLabel("Title")).toHaveValue(`${title} twice`);
    expect(await sql("select 1 from jobs where title = $1", [`${title} twice`])).toHaveLength(0);
  });
});

test.describe("phone and desktop layout", () => {
  const SIZES = [
    { name: "phone", viewport: { width: 390, height: 844 } },
    { name: "desktop", viewport: { width: 1280, height: 800 } },
  ] as const;
  const OUT = fileURLToPath(new URL("../../../docs/screenshots/all/", import.meta.url));

  for (const size of SIZES) {
    test(`back-office pages fit at ${size.name} size, the status update first`, async ({
      browser,
    }) => {
      test.setTimeout(90_000);
      const context = await browser.newContext({
        baseURL: portalUrl(),
        viewport: size.viewport,
        ...(size.name === "phone" ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      const page = await context.newPage();
      await signInAsStaff(page);
      const job = await activeJobOf(CUSTOMER_A.email);
      const pages = {
        "admin-customers": "/admin/customers",
        "admin-customer-new": "/admin/customers/new",
        "admin-job-new": "/admin/jobs/new?customerQ=e",
        "admin-job-edit": `/admin/job/${job.jobNumber}/edit`,
        "admin-job-photos": `/admin/job/${job.jobNumber}`,
      };
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(path);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        if (process.env.PORTAL_SCREENSHOTS) {
          mkdirSync(OUT, { recursive: true });
          await page.screenshot({ path: `${OUT}${name}-${size.name}.png`, fullPage: true });
        }
      }
      // The job page: status and progress come first, within the first screen of a phone.
      await page.goto(`/admin/job/${job.jobNumber}`);
      const save = await page.getByRole("button", { name: "Save update" }).boundingBox();
      const photos = await page.getByRole("heading", { name: "Photos" }).boundingBox();
      expect(save && photos && save.y < photos.y).toBe(true);
      expect((save?.y ?? 1e9) + (save?.height ?? 0)).toBeLessThan(size.viewport.height);
      // Tap targets: the job page's buttons are at least 44 px tall on a phone.
      if (size.name === "phone") {
        for (const name of ["Save update", "Upload photo", "Edit job details"]) {
          const box = await page
            .getByRole(name === "Edit job details" ? "link" : "button", { name })
            .boundingBox();
          expect(box?.height ?? 0, name).toBeGreaterThanOrEqual(44);
        }
      }
      await context.close();
    });
  }
});
