import { activeJobOf, CUSTOMER_A, expect, STAFF, sql, test } from "./support/fixtures.ts";

test.describe("customer journey", () => {
  test("login, dashboard, job, history search, logout", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill(CUSTOMER_A.email);
    await page.getByLabel("Password").fill(CUSTOMER_A.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/customer\/dashboard$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your active jobs" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toContainText(CUSTOMER_A.name);
    await expect(page.getByTestId("signed-in-as")).toContainText("Customer");
    const firstBar = page.getByRole("progressbar").first();
    await expect(firstBar).toHaveAttribute("aria-valuemin", "0");
    await expect(firstBar).toHaveAttribute("aria-valuemax", "100");

    const job = await activeJobOf(CUSTOMER_A.email);
    await page
      .getByRole("link", { name: `View details of ${job.title} (${job.jobNumber})` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/customer/job/${job.jobNumber}$`));
    await expect(page.getByRole("heading", { level: 1, name: job.title })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Call / })).toHaveAttribute("href", /^tel:/);
    await expect(page.getByRole("link", { name: /^Email .+@/ })).toHaveAttribute(
      "href",
      /^mailto:/,
    );
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Email settings" }),
    ).toHaveAttribute("href", "/customer/settings");

    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "History" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Job history" })).toBeVisible();
    const completed = await sql<{ title: string }>(
      `select j.title from jobs j join customers c on c.id = j.customer_id
        where c.email = $1 and j.status = 'completed' and j.deleted_at is null limit 1`,
      [CUSTOMER_A.email],
    );
    const word = (completed[0]?.title ?? "zzz").split(" ")[0] ?? "zzz";
    await page.getByLabel("Search", { exact: true }).fill(word);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(word)}`));
    await expect(page.getByRole("link", { name: completed[0]?.title ?? "" }).first()).toBeVisible();

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?reason=signed-out/);
    await expect(page.getByText("You have signed out.")).toBeVisible();
    await page.goto("/customer/dashboard");
    await expect(page).toHaveURL(/\/login/);
  });

  test("wrong password shows one message and keeps the email", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill(CUSTOMER_A.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
    await expect(page.getByLabel("Email address")).toHaveValue(CUSTOMER_A.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("empty fields are named beside the fields", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#email-error")).toHaveText("Enter your email address.");
    await expect(page.locator("#password-error")).toHaveText("Enter your password.");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the customer journey works with plain forms", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill(CUSTOMER_A.email);
    await page.getByLabel("Password").fill(CUSTOMER_A.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your active jobs" })).toBeVisible();
    const job = await activeJobOf(CUSTOMER_A.email);
    await page
      .getByRole("link", { name: `View details of ${job.title} (${job.jobNumber})` })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: job.title })).toBeVisible();
    await page.goto("/customer/history");
    await page.getByLabel("Sort by").selectOption("job_number");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/sort=job_number/);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page.getByText("You have signed out.")).toBeVisible();
  });

  test("staff can choose the staff login without JavaScript", async ({ page }) => {
    await page.goto("/login");
    await page.getByText("Shop staff", { exact: true }).click();
    await expect(page.getByLabel("Email address")).toBeHidden();
    await page.getByLabel("Username").fill(STAFF.username);
    await page.getByLabel("Password").fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1, name: "Job board" })).toBeVisible();
  });
});

test.describe("staff on the web", () => {
  test("a status update appears live on an open customer page", async ({ browser, baseURL }) => {
    const job = await activeJobOf(CUSTOMER_A.email);

    const customerContext = await browser.newContext({ baseURL });
    const customer = await customerContext.newPage();
    await customer.goto("/login");
    await customer.getByLabel("Email address").fill(CUSTOMER_A.email);
    await customer.getByLabel("Password").fill(CUSTOMER_A.password);
    await customer.getByRole("button", { name: "Sign in" }).click();
    await customer.waitForURL(/\/customer\/dashboard$/);
    await customer.goto(`/customer/job/${job.jobNumber}`);
    await expect(customer.getByText("Live updates on")).toBeVisible();

    const staffContext = await browser.newContext({ baseURL });
    const staff = await staffContext.newPage();
    await staff.goto("/login?as=staff");
    await staff.getByLabel("Username").fill(STAFF.username);
    await staff.getByLabel("Password").fill(STAFF.password);
    await staff.getByRole("button", { name: "Sign in" }).click();
    await expect(staff.getByRole("heading", { level: 1, name: "Job board" })).toBeVisible();
    await staff.goto(`/admin/job/${job.jobNumber}`);
    const note = `Paint is drying ${Date.now()}`;
    await staff.getByLabel("Status", { exact: true }).selectOption("quality_check");
    await staff.getByLabel("Progress (%)").fill("85");
    await staff.getByLabel("Note").fill(note);
    await staff.getByRole("button", { name: "Save update" }).click();
    await expect(staff.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

    // No reload on the customer's side: the page updates itself.
    await expect(customer.getByText(note)).toBeVisible({ timeout: 5_000 });
    await expect(customer.getByRole("main").getByText("Quality check").first()).toBeVisible();
    await expect(customer.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "85");

    await customerContext.close();
    await staffContext.close();
  });
});

test.describe("cross-role awareness", () => {
  test("a customer opening /admin is told so and can switch account", async ({
    customerPage: page,
  }) => {
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "This page is for shop staff" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText(CUSTOMER_A.name);
    await page.getByRole("button", { name: "Switch account" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("staff opening a customer page are told so", async ({ staffPage: page }) => {
    await page.goto("/customer/dashboard");
    await expect(page.getByRole("heading", { name: "This page is for customers" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toContainText("Shop staff");
  });

  test("/login while signed in offers continue or switch", async ({ customerPage: page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "You are already signed in" })).toBeVisible();
    await page.getByRole("link", { name: `Continue as ${CUSTOMER_A.name}` }).click();
    await expect(page).toHaveURL(/\/customer\/dashboard$/);
  });
});

test.describe("idle timeout", () => {
  async function setDeadline(seconds: number) {
    await sql(
      `update sessions set last_seen_at = now(), idle_expires_at = now() + make_interval(secs => $1)
        where subject_type = 'customer'
          and subject_id = (select id from customers where email = $2)`,
      [seconds, CUSTOMER_A.email],
    );
  }

  test("warns before the deadline and signs out at it", async ({ customerPage: page }) => {
    await page.goto("/customer/history");
    await setDeadline(4);
    await page.goto("/customer/dashboard");
    const dialog = page.getByRole("dialog", { name: "Are you still there?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Stay signed in" })).toBeFocused();
    await expect(page).toHaveURL(/\/login\?reason=idle/, { timeout: 10_000 });
    await expect(page.getByText("You were signed out after inactivity.")).toBeVisible();
  });

  test("stay signed in keeps the session", async ({ customerPage: page }) => {
    await page.goto("/customer/history");
    await setDeadline(30);
    await page.goto("/customer/dashboard");
    const dialog = page.getByRole("dialog", { name: "Are you still there?" });
    await expect(dialog).toBeVisible();
    // Let the server slide the deadline on the ping (it slides at most once a minute).
    await sql(
      `update sessions set last_seen_at = now() - interval '2 minutes'
        where subject_type = 'customer' and subject_id = (select id from customers where email = $1)`,
      [CUSTOMER_A.email],
    );
    await dialog.getByRole("button", { name: "Stay signed in" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Your active jobs" })).toBeVisible();
  });

  test("the server ends an idle session; the next page says why", async ({
    customerPage: page,
  }) => {
    await sql(
      `update sessions set idle_expires_at = now() - interval '1 second'
        where subject_type = 'customer' and subject_id = (select id from customers where email = $1)`,
      [CUSTOMER_A.email],
    );
    await page.goto("/customer/dashboard");
    await expect(page).toHaveURL(/\/login\?reason=expired/);
    await expect(page.getByText("Your session has ended.")).toBeVisible();
  });
});
