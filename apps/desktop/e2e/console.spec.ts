import { expect, type Page, test } from "@playwright/test";
import { decodeQr } from "@traveler/api/testing/qr-decode";
import { makePdfBuffer } from "../../../packages/api/src/testing/make-pdf.ts";

// Addresses of the servers the global setup started on free ports.
const CONTROL = process.env.CONSOLE_E2E_CONTROL ?? "";
const API = process.env.CONSOLE_E2E_API ?? "";
test.use({ baseURL: process.env.CONSOLE_E2E_HARNESS });
const SHOTS = "test-results/screens";

async function signIn(page: Page) {
  await page.goto("/");
  const board = page.getByRole("heading", { name: "Job board" });
  const form = page.getByRole("heading", { name: "Traveler staff console" });
  await expect(board.or(form)).toBeVisible();
  if (await board.isVisible()) return; // the core is still signed in from an earlier test
  await page.screenshot({ path: `${SHOTS}/sign-in.png` });
  await expect(page.getByLabel("Server address")).toHaveValue(API);
  await page.getByLabel("Username").fill("frontdesk");
  await page.getByLabel("Password").fill("console-test-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Job board" })).toBeVisible();
  await expect(page.getByTestId("sync-state")).toHaveText("Online", { timeout: 30_000 });
}

test.describe.configure({ mode: "serial" });

test("signs in, bootstraps, creates a customer and a job, and sets a customer-visible status", async ({
  page,
  request,
}) => {
  await signIn(page);
  await expect(page.getByText(/5,\d{3} jobs · 200 customers cached/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/board.png` });

  await page.getByRole("button", { name: "Customers", exact: true }).click();
  await page.getByRole("button", { name: "+ New customer" }).click();
  const form = page.getByRole("form", { name: "New customer" });
  await form.getByLabel("Name").fill("Harbor Print Co");
  await form.getByLabel("Email").fill("orders@harbor-print.test");
  await form.getByLabel("Company").fill("Harbor Print");
  await form.getByRole("button", { name: "Create customer" }).click();
  // The new customer opens at once (queued), and stays open once uploaded (a real id).
  const newJobFor = page.getByRole("button", { name: "+ New job for Harbor Print Co" });
  await expect(newJobFor).toBeVisible();
  await expect(newJobFor).toBeEnabled({ timeout: 15_000 });
  await page.getByLabel("Search customers").fill("Harbor");
  const entry = page
    .getByRole("list", { name: "Customers" })
    .getByRole("button", { name: /Harbor Print Co/ });
  await expect(entry).toBeVisible();
  await expect(entry.getByText("Pending")).toHaveCount(0, { timeout: 15_000 });
  await expect(entry).toHaveClass(/active/);
  await entry.click();
  await page.screenshot({ path: `${SHOTS}/customers.png` });
  await newJobFor.click();
  await expect(page.getByTestId("chosen-customer")).toHaveText("Harbor Print Co · Harbor Print");

  await page.getByLabel("Title").fill("Storefront window decals");
  await page.getByLabel("Quantity").fill("6");
  await page.getByLabel("Description").fill("Frosted vinyl, cut lettering");
  await page
    .getByRole("group", { name: /Notes for the customer/ })
    .getByRole("textbox")
    .fill("We will call before install.");
  await page
    .getByRole("group", { name: /Internal shop notes/ })
    .getByRole("textbox")
    .fill("Use the 3M stock.");
  // Due a month ago: the board sorts by due date and shows 60 cards a column, and the generated
  // jobs are due from 5 days ago on (over 60 of them overdue per column), so only a date before
  // theirs puts the new job at the head of its column.
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Estimated completion").fill(monthAgo);
  await page.getByRole("button", { name: "Create job" }).click();
  // The new job opens (queued first, then under its number once uploaded).
  await expect(
    page.getByRole("heading", { name: /^(new:\d+|J-\d{4}-\d{4,}) · Storefront window decals$/ }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Board", exact: true }).click();

  await expect
    .poll(
      async () =>
        (await (await request.get(`${CONTROL}/db/jobs?title=Storefront%20window%20decals`)).json())
          .jobs.length,
      { timeout: 15_000 },
    )
    .toBe(1);
  const card = page.locator(".job-card", { hasText: "Storefront window decals" });
  await expect(card.locator(".job-number")).toHaveText(/^J-\d{4}-\d{4,}$/, { timeout: 15_000 });
  await card.getByRole("button", { name: /^Move/ }).click();
  const dialog = page.getByRole("form", { name: /Change status/ });
  await dialog.getByLabel("New status").selectOption("in_progress");
  await dialog.getByLabel("Note").fill("Cutting the vinyl today.");
  await expect(dialog.getByLabel(/Show this update to the customer/)).toBeChecked();
  await dialog.getByRole("button", { name: "Save status" }).click();

  await expect(
    page.getByRole("region", { name: "In progress" }).getByText("Storefront window decals"),
  ).toBeVisible();
  await page
    .getByRole("region", { name: "In progress" })
    .getByText("Storefront window decals")
    .click();
  await expect(page.locator(".timeline li").first()).toContainText("Cutting the vinyl today.");
  await expect(page.locator(".timeline li").first()).toContainText("Customer sees this");
  await expect(
    page.getByRole("group", { name: /Internal shop notes/ }).getByRole("textbox"),
  ).toHaveValue("Use the 3M stock.");
  await expect
    .poll(
      async () =>
        (
          await (
            await request.get(`${CONTROL}/db/history?note=Cutting%20the%20vinyl%20today.`)
          ).json()
        ).count,
      { timeout: 15_000 },
    )
    .toBe(1);
  await expect(page.getByTestId("queued-count")).toHaveText(/^0 queued writes/);
  await page.screenshot({ path: `${SHOTS}/job-editor.png` });
});

test("the new-job form finds the customer by searching the cache, and the new job opens", async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole("button", { name: "+ New job" }).click();
  await expect(page.getByRole("heading", { name: "New job" })).toBeVisible();
  // No list of every customer: the picker starts with a search field.
  const search = page.getByRole("searchbox", { name: "Customer" });
  await search.fill("harbor-print.test");
  const matches = page.getByRole("list", { name: "Matching customers" });
  await expect(matches.getByRole("button")).toHaveCount(1);
  await matches.getByRole("button", { name: "Harbor Print Co · Harbor Print" }).click();
  await expect(page.getByTestId("chosen-customer")).toHaveText("Harbor Print Co · Harbor Print");
  await page.getByRole("button", { name: "Change customer" }).click();
  await page.getByRole("searchbox", { name: "Customer" }).fill("a");
  await expect(page.getByText(/match; the first 20 are shown/)).toBeVisible();
  await expect(matches.getByRole("button")).toHaveCount(20);
  await page.getByRole("searchbox", { name: "Customer" }).fill("Harbor Print");
  await matches.getByRole("button", { name: /^Harbor Print Co/ }).click();
  await page.getByLabel("Title").fill("Picker proof");
  await page.getByRole("button", { name: "Create job" }).click();
  await expect(page.getByRole("heading", { name: /^J-\d{4}-\d{4,} · Picker proof$/ })).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByTestId("chosen-customer")).toHaveText("Harbor Print Co");
});

test("changes made offline are queued and applied exactly once when the server is back", async ({
  page,
  request,
}) => {
  await signIn(page);
  await request.post(`${CONTROL}/api/stop`);
  await expect(page.getByTestId("sync-state"))
    .toHaveText("Offline", { timeout: 20_000 })
    .catch(() => {});
  const column = page.getByRole("region", { name: "Not started" });
  const card = column.locator(".job-card").first();
  const jobNumber = (await card.locator(".job-number").textContent())!;
  await card.getByRole("button", { name: /^Move/ }).click();
  const dialog = page.getByRole("form", { name: /Change status/ });
  await dialog.getByLabel("New status").selectOption("quality_check");
  await dialog.getByLabel("Note").fill("Checked while the server was away.");
  await dialog.getByRole("button", { name: "Save status" }).click();

  await expect(page.getByTestId("queued-count")).toHaveText(/^1 queued write/);
  await expect(page.getByTestId("sync-state")).toHaveText("Offline", { timeout: 20_000 });
  await expect(
    page.getByRole("region", { name: "Quality check" }).getByText(jobNumber),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/offline.png` });
  // Sent emails live on the server only: the customer screen says so instead of failing.
  await page.getByRole("button", { name: "Customers", exact: true }).click();
  await page.getByLabel("Search customers").fill("Harbor");
  await page.getByRole("button", { name: /Harbor Print Co/ }).click();
  await expect(page.getByRole("region", { name: "Emails sent" })).toContainText(
    "Available when online.",
  );

  await request.post(`${CONTROL}/api/start`);
  await expect(page.getByTestId("queued-count")).toHaveText(/^0 queued writes/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId("sync-state")).toHaveText("Online");
  await expect
    .poll(
      async () =>
        (
          await (
            await request.get(
              `${CONTROL}/db/history?note=Checked%20while%20the%20server%20was%20away.`,
            )
          ).json()
        ).count,
      { timeout: 15_000 },
    )
    .toBe(1);
  // Stays exactly once after further syncing.
  await page.waitForTimeout(1_500);
  expect(
    (
      await (
        await request.get(`${CONTROL}/db/history?note=Checked%20while%20the%20server%20was%20away.`)
      ).json()
    ).count,
  ).toBe(1);
});

test("instant search finds one job among thousands (Ctrl+K)", async ({ page }) => {
  await signIn(page);
  await page.keyboard.press("Control+k");
  const search = page.getByLabel("Search jobs");
  await expect(search).toBeFocused();
  await search.fill("#4321");
  const rows = page.locator("table.table tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("#4321");
  await expect(page.getByTestId("result-count")).toHaveText(/^1 jobs · [\d.]+ ms$/);
  await search.fill("");
  await expect(page.getByTestId("result-count")).toHaveText(/^[\d,]+ jobs/);
  await page.screenshot({ path: `${SHOTS}/job-list.png` });
});

test("the job list reaches every job: sorts, scrolls to the last one, and opens with the keyboard", async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await expect(page.getByTestId("result-count")).toHaveText(/^5,\d{3} jobs/);
  const grid = page.getByRole("grid", { name: /Jobs/ });
  // Only the rows on screen exist, however many jobs there are.
  expect(await grid.locator("tbody tr[aria-rowindex]").count()).toBeLessThan(80);

  const firstCell = grid.locator("tbody tr[aria-rowindex]").first().locator("td").first();
  const header = grid.getByRole("columnheader", { name: /Job/ });
  await grid.getByRole("button", { name: "Job" }).click(); // ascending by number
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await expect(firstCell).toHaveText(/^J-/);
  // End jumps to the very last job; its row is rendered and selected.
  await grid.focus();
  await page.keyboard.press("End");
  const last = grid.locator("tbody tr[aria-selected=true]");
  await expect(last).toHaveAttribute("aria-rowindex", /^5\d{3}$/);
  await expect(last.locator("td").first()).toHaveText(/^J-/);
  const lastNumber = (await last.locator("td").first().textContent())!;
  await grid.getByRole("button", { name: /^Job/ }).click(); // descending
  await expect(header).toHaveAttribute("aria-sort", "descending");
  await expect(firstCell).toHaveText(lastNumber);
  await grid.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const third = await grid.locator("tbody tr[aria-selected=true] td").first().textContent();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(third!);

  // Due date sort: jobs with a date first, earliest first.
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByRole("grid").getByRole("button", { name: "Due" }).click();
  await expect(page.getByRole("columnheader", { name: /Due/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  await expect(
    page.getByRole("grid").locator("tbody tr[aria-rowindex] td:nth-child(6)").first(),
  ).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  const dues = await page
    .getByRole("grid")
    .locator("tbody tr[aria-rowindex] td:nth-child(6)")
    .allTextContents();
  const dated = dues.filter((d) => d !== "—");
  expect(dated.length).toBeGreaterThan(3);
  expect([...dated].sort()).toEqual(dated);
  await page.screenshot({ path: `${SHOTS}/job-list-sorted.png` });
});

test("customer portal invite, and the admin screens read the server", async ({ page, request }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Customers", exact: true }).click();
  await page.getByLabel("Search customers").fill("Harbor");
  await page.getByRole("button", { name: /Harbor Print Co/ }).click();
  await expect(page.getByText("Not invited yet")).toBeVisible();
  await page.getByRole("button", { name: "Send portal invite" }).click();
  await expect(page.getByText("Invited, not yet signed up")).toBeVisible();
  await expect(page.getByTestId("queued-count")).toHaveText(/^0 queued writes/, {
    timeout: 15_000,
  });
  await expect(page.getByText("Invited, not yet signed up")).toBeVisible();
  const sent = page.getByRole("region", { name: "Emails sent" });
  const invite = sent.getByRole("row", { name: /Portal invite/ });
  await expect(invite).toBeVisible({ timeout: 15_000 });
  await expect(invite).toContainText("Queued");
  await sent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/customer-emails.png` });

  await page.getByRole("button", { name: "Staff users" }).click();
  await expect(page.getByRole("cell", { name: "frontdesk", exact: true })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/staff-users.png` });

  await page.getByRole("button", { name: "Audit log" }).click();
  await expect(
    page.getByRole("cell", { name: "Invited a customer to the portal" }).first(),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/audit-log.png` });

  await page.getByRole("button", { name: "Report" }).click();
  await expect(page.getByTestId("metric-adoption")).toContainText("portal adoption");
  await expect(page.getByTestId("metric-satisfaction")).toContainText("ratings were 4 or 5");
  await page.getByRole("button", { name: "Last 90 days" }).click();
  await expect(page.getByTestId("metric-satisfaction")).toContainText("ratings were 4 or 5");
  await expect(page.getByText("customers", { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: /Weekly portal logins/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/adoption.png` });

  await page.getByRole("button", { name: "Shop settings" }).click();
  await expect(page.getByLabel("Shop name")).not.toHaveValue("");
  // The shop's currency (quoted prices show in it): changed here, saved on the server, and back.
  const currency = page.getByLabel(/^Currency/);
  const saved = async () =>
    ((await (await request.get(`${CONTROL}/db/shop-currency`)).json()) as { currency: string })
      .currency;
  await expect(currency).toHaveValue("USD");
  for (const code of ["EUR", "USD"]) {
    await currency.selectOption(code);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(saved).toBe(code);
  }

  // A completed job's customer rating shows in the job editor (read online from the server).
  const rated = (await (
    await request.get(`${CONTROL}/db/rate-completed?comment=Spot%20on`)
  ).json()) as { jobNumber: string };
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByLabel("Search jobs").fill(rated.jobNumber);
  await page.locator("table.table tbody tr").filter({ hasText: rated.jobNumber }).first().click();
  await expect(page.getByRole("heading", { name: "Customer rating" })).toBeVisible();
  await expect(page.getByText("5 of 5")).toBeVisible();
  await expect(page.getByText("5 of 5 · Spot on")).toBeVisible();
  await expect(page.getByText(/From the completion email/)).toBeVisible();
});

test("a version conflict shows both values and keeping mine wins on the server", async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByLabel("Search jobs").fill("#4322");
  await page.locator("table.table tbody tr").first().click();
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  const jobNumber = heading!.split(" · ")[0]!;

  await request.post(`${CONTROL}/api/stop`);
  await page.getByLabel("Title").fill("Title from the console");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("queued-count")).toHaveText(/^1 queued write/);
  await request.post(
    `${CONTROL}/db/retitle?jobNumber=${jobNumber}&title=Title%20from%20the%20office`,
  );
  await request.post(`${CONTROL}/api/start`);

  await expect(page.getByTestId("queued-count")).toHaveText(/1 need attention/, {
    timeout: 20_000,
  });
  await page.getByTestId("queued-count").click();
  const row = page.getByRole("row", { name: /^Title/ });
  await expect(row).toContainText("Title from the console");
  await expect(row).toContainText("Title from the office");
  await page.screenshot({ path: `${SHOTS}/conflict.png` });
  await page.getByRole("button", { name: "Keep mine" }).click();
  await expect(page.getByText("Everything is uploaded.")).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(
      async () =>
        (await (await request.get(`${CONTROL}/db/jobs?title=Title%20from%20the%20console`)).json())
          .jobs.length,
    )
    .toBe(1);
});

test("uploads a photo to a job and shows its thumbnail", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByLabel("Search jobs").fill("Storefront window decals");
  await page.locator("table.table tbody tr").first().click();
  await page.getByLabel("Photo caption").fill("Proof on the window");
  await page.getByLabel("Customer can see").last().check();
  // A real 16×16 PNG (the server validates images by content).
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4kWJEEmIY1TCqYfhqAACoeF4QNs6DGAAAAABJRU5ErkJggg==",
    "base64",
  );
  await page
    .getByLabel("Upload photo")
    .setInputFiles({ name: "proof.png", mimeType: "image/png", buffer: png });
  const figure = page.locator("figure", { hasText: "Proof on the window" });
  await expect(figure).toBeVisible({ timeout: 15_000 });
  await expect(figure.locator("img.thumb")).toBeVisible({ timeout: 10_000 });
  await expect(figure.getByLabel("Customer can see")).toBeChecked();
  await expect(page.getByTestId("queued-count")).toHaveText(/^0 queued writes/);
  await page.screenshot({ path: `${SHOTS}/photo.png` });
});

test("owner, rush and a revised date: the board filters, the Due view groups, the reason reaches the server", async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByLabel("Search jobs").fill("#4100");
  await page.locator("table.table tbody tr").first().click();
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  const jobNumber = heading!.split(" · ")[0]!;
  const today = new Date().toISOString().slice(0, 10); // the generated shop keeps UTC
  const reason = `Laminate back-ordered ${Date.now()}`;

  await page.getByLabel("Estimated completion").fill(today);
  await page.getByLabel("Reason for the new date (the customer sees it)").fill(reason);
  await page.getByLabel("Owner").selectOption({ label: "Frontdesk Staff" });
  await page.getByLabel("Rush job").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Everything is uploaded.").or(page.getByText(/Saved/))).toBeVisible({
    timeout: 15_000,
  });
  // The timeline entry comes from the server (only it writes due-change rows).
  await expect(page.getByText(/New date: (was .*, now|set to)/).first()).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByText(reason)).toBeVisible();
  await expect
    .poll(
      async () =>
        (
          await (
            await request.get(`${CONTROL}/db/history?note=${encodeURIComponent(reason)}`)
          ).json()
        ).count,
    )
    .toBe(1);

  await page.getByRole("button", { name: "Board", exact: true }).click();
  await page.getByLabel("Rush only").check();
  const card = page.locator(".job-card", { hasText: jobNumber });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Rush");
  await expect(card).toContainText("Due today");
  await expect(card).toContainText("Frontdesk Staff");
  await page.getByLabel("Owner").selectOption({ label: "No owner" });
  await expect(card).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/board-filters.png` });

  await page.getByRole("button", { name: "Due", exact: true }).click();
  const todayGroup = page.getByRole("region", { name: "Due today" });
  await expect(todayGroup.locator(".job-card", { hasText: jobNumber })).toBeVisible();
  await expect(page.getByRole("region", { name: "Overdue" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/due.png` });
});

test("the admin's email outbox shows a dead message and Retry queues it again", async ({
  page,
  request,
}) => {
  await signIn(page);
  await request.post(`${CONTROL}/db/email-dead?to=orders%40harbor-print.test&kind=invite`);
  await page.getByRole("button", { name: "Email outbox" }).click();
  await expect(page.getByRole("heading", { name: "Email outbox" })).toBeVisible();
  await expect(page.getByTestId("count-dead")).toHaveText("Dead (1)");
  // Keyboard only: the status filter and the retry are plain buttons.
  await page.getByTestId("count-dead").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("count-dead")).toHaveAttribute("aria-pressed", "true");
  const row = page.getByRole("row", { name: /Portal invite.*orders@harbor-print\.test/ });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Portal invite");
  await expect(row).toContainText("Dead");
  await expect(row).toContainText("550 5.1.1 mailbox unavailable");
  await expect(row.getByRole("cell").nth(4)).toHaveText("5");
  await page.screenshot({ path: `${SHOTS}/email-outbox.png` });

  await row.getByRole("button", { name: /^Retry message/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toHaveText(/^Message #\d+ is queued again\.$/);
  await expect(page.getByTestId("count-dead")).toHaveText("Dead (0)");
  await expect(row).toHaveCount(0);
  const emails = (
    await (await request.get(`${CONTROL}/db/emails?to=orders%40harbor-print.test`)).json()
  ).emails as { kind: string; status: string }[];
  expect(emails.filter((e) => e.kind === "invite")).toEqual([
    expect.objectContaining({ status: "queued" }),
  ]);

  await page.getByRole("button", { name: /^Queued \(/ }).click();
  await expect(
    page.getByRole("row", { name: /Portal invite.*orders@harbor-print\.test/ }),
  ).toContainText("Queued");
});

test("sign-out offers to remove this computer's copy of the shop's data", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  const dialog = page.getByRole("form", { name: "Sign out" });
  await dialog.getByLabel(/remove this computer's copy of the shop's data/).check();
  await page.screenshot({ path: `${SHOTS}/sign-out.png` });
  await dialog.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Traveler staff console" })).toBeVisible();
  // Signing in again downloads everything again.
  await page.getByLabel("Username").fill("frontdesk");
  await page.getByLabel("Password").fill("console-test-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/5,\d{3} jobs · 20\d customers cached/)).toBeVisible({
    timeout: 30_000,
  });
});

test("prints a job's traveler and a board column from the cache, offline too, with QR codes of the portal's job page", async ({
  page,
  request,
}) => {
  // The browser's print dialog is counted instead of opened (in the page and its print frame).
  await page.addInitScript(() => {
    const self = globalThis as unknown as { print: () => void; top: { printed?: number } };
    self.print = () => {
      self.top.printed = (self.top.printed ?? 0) + 1;
    };
  });
  await signIn(page);
  const card = page.getByRole("region", { name: "In progress" }).locator(".job-card").first();
  const jobNumber = (await card.locator(".job-number").textContent())!;
  await card.locator(".card-open").click();
  await expect(
    page.getByRole("heading", { level: 1, name: new RegExp(`^${jobNumber}`) }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Print traveler" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "1 traveler sent to the print dialog." }),
  ).toBeVisible();
  const frame = page.frameLocator("iframe[data-print-frame]");
  await expect(frame.locator("article.traveler")).toHaveCount(1);
  await expect(frame.locator(".traveler-number")).toHaveText(jobNumber);
  const svg = await frame.locator("svg.traveler-qr-code").evaluate((el) => el.outerHTML);
  expect(await decodeQr(svg)).toBe(`http://portal.test/admin/job/${jobNumber}`);
  await expect
    .poll(() => page.evaluate(() => (globalThis as { printed?: number }).printed))
    .toBe(1);
  await page.screenshot({ path: `${SHOTS}/print-editor.png` });

  // A column, with the server away: the console prints from its cache.
  await request.post(`${CONTROL}/api/stop`);
  await page.getByRole("button", { name: "Board", exact: true }).click();
  const column = page.getByRole("region", { name: "Quality check" });
  const total = Number((await column.locator("h2 .count").textContent())?.replace(/\D/g, ""));
  // Hundreds of jobs per column here: a batch prints the first 200 by due date and says so.
  expect(total).toBeGreaterThan(200);
  await column.getByRole("button", { name: "Print the Quality check column" }).click();
  await expect(column.getByRole("status")).toHaveText(
    `200 travelers sent to the print dialog (the first 200 of ${total.toLocaleString("en-US")}, by due date).`,
  );
  await expect(frame.locator("article.traveler")).toHaveCount(200);
  await page.screenshot({ path: `${SHOTS}/print-board.png` });
  await expect
    .poll(() => page.evaluate(() => (globalThis as { printed?: number }).printed))
    .toBe(2);
  const numbers = await frame
    .locator("article.traveler")
    .evaluateAll((all) => all.map((a) => a.getAttribute("data-job-number")));
  const last = numbers.at(-1)!;
  const lastSvg = await frame
    .locator(`article[data-job-number="${last}"] svg.traveler-qr-code`)
    .evaluate((el) => el.outerHTML);
  expect(await decodeQr(lastSvg)).toBe(`http://portal.test/admin/job/${last}`);
  await request.post(`${CONTROL}/api/start`);
});

test("attaches a file offline: waiting beside the cache, uploaded when the server is back, then opened", async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByLabel("Search jobs").fill("#4200");
  await page.locator("table.table tbody tr").first().click();
  const files = page.getByTestId("job-files");
  await expect(files).toBeVisible();

  await request.post(`${CONTROL}/api/stop`);
  await files.getByLabel("File caption").fill("Site drawing");
  await files.getByLabel("Attach file").setInputFiles({
    name: "drawing.pdf",
    mimeType: "application/pdf",
    buffer: await makePdfBuffer({ pages: 2 }),
  });
  const pending = files.getByTestId("pending-file");
  await expect(pending).toContainText("drawing.pdf");
  await expect(pending).toContainText("waiting to upload");
  await expect(page.getByTestId("queued-count")).toHaveText(/^1 queued write/);
  await page.screenshot({ path: `${SHOTS}/file-pending.png` });

  await request.post(`${CONTROL}/api/start`);
  await expect(pending).toHaveCount(0, { timeout: 30_000 });
  const open = files.getByRole("button", { name: "drawing.pdf" });
  await expect(open).toBeVisible({ timeout: 15_000 });
  await expect(files).toContainText("PDF · 2 pages");
  await expect(files).toContainText("Site drawing");
  await page.screenshot({ path: `${SHOTS}/file-uploaded.png` });
  const download = page.waitForEvent("download");
  await open.click();
  expect((await download).suggestedFilename()).toBe("drawing.pdf");
});

test("proofs: sent from the job's files (queued), the status guard asks for the override, the customer's answer and pin arrive live", async ({
  page,
  request,
}) => {
  await signIn(page);
  const { jobNumber } = await (
    await request.post(`${CONTROL}/db/proof-setup?title=Console%20proof%20banner`)
  ).json();
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByLabel("Search jobs").fill(jobNumber);
  await expect(page.locator("table.table tbody tr").first()).toContainText(jobNumber, {
    timeout: 20_000,
  });
  await page.locator("table.table tbody tr").first().click();
  const proof = page.getByRole("region", { name: /^Proof/ });
  await expect(proof).toContainText("No proof sent yet.");
  await proof.getByLabel(/banner-art\.png/).check();
  await proof.getByLabel("Message to the customer").fill("First layout from the console");
  await proof.getByRole("button", { name: "Send proof" }).click();
  await expect(
    proof.getByRole("heading", { name: "Version 1 · Waiting for approval" }),
  ).toBeVisible({
    timeout: 20_000,
  });
  await expect(proof).toContainText("First layout from the console");

  // The guard: moving on needs the explicit override.
  await page.getByRole("button", { name: "Change status…" }).click();
  const dialog = page.getByRole("form", { name: /Change status/ });
  await dialog.getByLabel("New status").selectOption("in_progress");
  await expect(dialog.getByRole("alert")).toContainText("Proof version 1 is waiting");
  await expect(dialog.getByRole("button", { name: "Save status" })).toBeDisabled();
  await dialog.getByLabel("Go ahead without the customer's approval").check();
  await dialog.getByRole("button", { name: "Save status" }).click();
  await expect
    .poll(
      async () =>
        (await (await request.get(`${CONTROL}/db/proofs?jobNumber=${jobNumber}`)).json()).proofs[0]
          ?.status,
      {
        timeout: 20_000,
      },
    )
    .toBe("in_progress");

  // The customer's answer reaches the console through sync, pin and all.
  await request.post(`${CONTROL}/db/proof-answer?jobNumber=${jobNumber}`);
  await expect(proof.getByRole("heading", { name: "Version 1 · Changes requested" })).toBeVisible({
    timeout: 20_000,
  });
  await expect(proof).toContainText("Make the logo bigger");
  await expect(proof).toContainText("This corner");
  await expect(proof).toContainText("at 25% across, 75% down");
  // The pin drawn on the proof's image, at the same spot (its centre at 25% / 75% of the image),
  // numbered as in the list.
  const canvas = proof.getByTestId("proof-canvas");
  const image = canvas.getByRole("img", { name: /banner-art\.png, with 1 pin/ });
  await expect(image).toBeVisible({ timeout: 20_000 });
  const pin = canvas.getByTestId("proof-pin-on-image");
  await expect(pin).toHaveText("1");
  const box = (await image.boundingBox())!;
  const spot = (await pin.boundingBox())!;
  expect(box.width).toBeGreaterThan(200);
  expect(spot.x + spot.width / 2).toBeCloseTo(box.x + box.width * 0.25, -0.5);
  expect(spot.y + spot.height / 2).toBeCloseTo(box.y + box.height * 0.75, -0.5);
  await proof.scrollIntoViewIfNeeded();
  await proof.screenshot({ path: `${SHOTS}/proof.png` });

  // The job's timeline tells the same story from the cache, newest first and between the status
  // changes: the change request with its comment, the pin by number, the overridden move, sent.
  const timeline = page.locator(".card", { has: page.getByRole("heading", { name: "Timeline" }) });
  const items = timeline.locator(".timeline > li");
  await expect(items.filter({ hasText: "Changes requested on version 1" })).toContainText(
    "Make the logo bigger",
  );
  await expect(items.filter({ hasText: "Pin 1 on version 1" })).toContainText("This corner");
  const story = (await items.allInnerTexts()).map((t) => t.split("\n")[0] ?? "");
  const changes = story.findIndex((t) => t.startsWith("Changes requested on version 1"));
  expect(story.slice(changes, changes + 4), story.join("\n")).toEqual([
    "Changes requested on version 1",
    expect.stringContaining("Pin 1 on version 1"),
    expect.stringContaining("In progress"),
    expect.stringMatching(/^Proof version 1 sent: banner-art\.png/),
  ]);
  await timeline.screenshot({ path: `${SHOTS}/timeline.png` });

  // Another job's proof with a pin, synced to this computer but never opened here.
  const unseen = (await (
    await request.post(`${CONTROL}/db/proof-setup?title=Console%20unseen%20proof&sent=1`)
  ).json()) as { jobNumber: string };
  await request.post(`${CONTROL}/db/proof-answer?jobNumber=${unseen.jobNumber}`);
  // Pulled into this console's cache (asked of the harness's core, not of the server).
  const cachedState = async () => {
    const input = encodeURIComponent(JSON.stringify({ jobNumber: unseen.jobNumber }));
    const res = await request.get(`/trpc/jobs.proofs?input=${input}`);
    const body = (await res.json()) as {
      result?: { data?: { proofs: { state: string }[] } };
    };
    return body.result?.data?.proofs[0]?.state;
  };
  await expect.poll(cachedState, { timeout: 20_000 }).toBe("changes_requested");

  // Seen once, the image stays on this computer: with the server away (the screen asks the core
  // again when the state changes) it still shows, pins and all.
  await request.post(`${CONTROL}/api/stop`);
  await expect(page.getByTestId("sync-state")).toHaveText("Offline", { timeout: 30_000 });
  await expect(pin).toHaveText("1", { timeout: 20_000 });
  await expect(image).toBeVisible();
  await expect(proof.getByTestId("proof-image-unavailable")).toHaveCount(0);

  // The unseen job's image is not here: a line says so and the text list gives the pin's spot.
  await page.getByRole("button", { name: "Jobs", exact: true }).click();
  await page.getByLabel("Search jobs").fill(unseen.jobNumber);
  await expect(page.locator("table.table tbody tr").first()).toContainText(unseen.jobNumber, {
    timeout: 20_000,
  });
  await page.locator("table.table tbody tr").first().click();
  const unseenProof = page.getByRole("region", { name: /^Proof/ });
  await expect(unseenProof.getByTestId("proof-image-unavailable")).toHaveText(
    "banner-art.png: the image is not available offline (it shows once it has been seen online). The pins are listed with their positions below.",
    { timeout: 20_000 },
  );
  await expect(unseenProof.getByTestId("proof-canvas")).toHaveCount(0);
  await expect(unseenProof).toContainText("at 25% across, 75% down");
  await unseenProof.scrollIntoViewIfNeeded();
  await unseenProof.screenshot({ path: `${SHOTS}/proof-offline.png` });
  await request.post(`${CONTROL}/api/start`);
  await expect(page.getByTestId("sync-state")).toHaveText("Online", { timeout: 30_000 });
});
