import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createDb, type DbHandle } from "@traveler/db";
import { SMTPServer } from "smtp-server";
import { freePort, type PortalProcess, startPortal } from "../server/testing/portal-process.ts";
import { staffCaller } from "./support/staff-caller.ts";

/**
 * Email end to end: a portal server of its own (SMTP_URL pointing at a real SMTP sink on a
 * loopback port, a fresh PostgreSQL database), real Chromium. Staff invite a customer, the
 * invitation arrives at the sink, the customer follows its link, sets a password and lands on
 * the dashboard.
 */
const DEMO_STAFF = { username: "admin", password: "admin-demo-pass" };

interface Received {
  to: string[];
  raw: string;
}

function decodeQuotedPrintable(value: string): string {
  const soft = value.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i] ?? "", "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The text/html part of a message nodemailer sent (quoted-printable or plain). */
function htmlPart(raw: string): string {
  const start = raw.search(/Content-Type: text\/html/i);
  const body = raw
    .slice(start)
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n\n");
  const end = body.search(/\r?\n--/);
  const part = end >= 0 ? body.slice(0, end) : body;
  return /Content-Transfer-Encoding: quoted-printable/i.test(raw.slice(start, start + 300))
    ? decodeQuotedPrintable(part)
    : part;
}

let sink: SMTPServer;
const received: Received[] = [];
let portal: PortalProcess;
let baseUrl: string;
let database: DbHandle;

async function waitForMail(to: string, timeoutMs = 20_000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = received.find((m) => m.to.includes(to));
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no email to ${to}; log:\n${portal.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const smtpPort = await freePort();
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(smtpPort, "127.0.0.1", () => resolve()));

  portal = await startPortal({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Northside Print <portal@northside.example>",
      EMAIL_COALESCE_MINUTES: "0",
    },
  });
  baseUrl = portal.baseUrl;
  database = createDb({ connectionString: portal.databaseUrl!, max: 2 });
});

test.afterAll(async () => {
  await database?.close();
  await portal?.stop();
  await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
});

const staffCallerOfPortal = () => staffCaller(database.db, baseUrl, DEMO_STAFF);

test("staff invite → email at the sink → customer sets a password and lands on the dashboard", async ({
  page,
}) => {
  const email = `nina.${randomBytes(3).toString("hex")}@example.test`;
  const created = await (await staffCallerOfPortal()).staff.customers.create({
    name: "Nina New",
    email,
  });

  // Staff sign in on the web and press "Send portal invite" on the customer's page.
  await page.goto(`${baseUrl}/login?as=staff`);
  await page.getByLabel("Username").fill(DEMO_STAFF.username);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_STAFF.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/admin/);
  await page.goto(`${baseUrl}/admin/customer/${created.customer.id}`);
  await page.getByRole("button", { name: "Send portal invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent" })).toBeVisible();
  await page.context().clearCookies();

  // The portal's worker delivers the invitation to the SMTP sink.
  const mail = await waitForMail(email);
  const html = htmlPart(mail.raw);
  const link = /href="([^"]*\/invite\/[^"]+)"/.exec(html)?.[1];
  expect(link, html).toBeTruthy();
  expect(link!.startsWith(`${baseUrl}/invite/`)).toBe(true);

  // The email's HTML itself is accessible.
  await page.setContent(html);
  const emailAxe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(
    emailAxe.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
  ).toEqual([]);
  await expect(page.getByRole("link", { name: "Set your password" })).toBeVisible();

  // The customer follows the link, chooses a password and lands on the dashboard.
  await page.goto(link!);
  const password = "a long and memorable passphrase 7";
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Type it again").fill(password);
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page).toHaveURL(/\/customer\/dashboard$/);

  // The link works once.
  await page.context().clearCookies();
  await page.goto(link!);
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
});

test("a job update arrives, reads well, and its one-click unsubscribe works without a session", async ({
  page,
  request,
}) => {
  const staff = await staffCallerOfPortal();
  const customer = await database.db
    .selectFrom("customers")
    .innerJoin("jobs", "jobs.customer_id", "customers.id")
    .select(["customers.id", "customers.email", "jobs.job_number"])
    .where("jobs.status", "<>", "completed")
    .where("customers.email", "=", "david@oseibuilders.example")
    .executeTakeFirstOrThrow();
  await staff.staff.jobs.setStatus({
    jobNumber: customer.job_number,
    status: "ready_for_pickup",
    note: "Ready at the front desk",
    visibleToCustomer: true,
  });
  const mail = await waitForMail(customer.email);
  const html = htmlPart(mail.raw);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.setContent(html);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    `${customer.job_number} is ready for pickup`,
  );
  await expect(page.getByText("Ready at the front desk")).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(
    axe.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
  ).toEqual([]);
  // Readable on a phone: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  const header = /^List-Unsubscribe: <([^>]+)>/im.exec(mail.raw.replace(/\r?\n[ \t]+/g, " "))?.[1];
  expect(header).toBeTruthy();
  expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
  // What a mail client does for one-click: POST without cookies.
  const res = await request.post(header!, {
    form: { "List-Unsubscribe": "One-Click" },
    headers: { cookie: "" },
  });
  expect(res.status()).toBe(200);
  const row = await database.db
    .selectFrom("customers")
    .select("notify_preference")
    .where("id", "=", customer.id)
    .executeTakeFirstOrThrow();
  expect(row.notify_preference).toBe("none");

  // A forged link for another customer is refused.
  const forged = header!.replace(/\/unsubscribe\/u1\.\d+\./, "/unsubscribe/u1.1.");
  await page.goto(forged);
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("alert")).toContainText("not valid");
});

test("email settings: the customer switches to milestones without JavaScript-only controls", async ({
  page,
}) => {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email address").fill("maria@chenbakery.example");
  await page.getByLabel("Password", { exact: true }).fill("customer-demo-pass");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/customer\/dashboard$/);
  await page.goto(`${baseUrl}/customer/settings`);
  await page.getByLabel("Milestones only").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Milestones only")).toBeChecked();
  // This page's own content (the shared header and footer are checked by the portal's specs).
  const axe = await new AxeBuilder({ page })
    .include("#main")
    .withTags(["wcag2a", "wcag2aa"])
    .analyze();
  expect(
    axe.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
  ).toEqual([]);
});

test("with SMTP configured, the development mail page does not exist", async ({ request }) => {
  const res = await request.get(`${baseUrl}/dev/mail`);
  expect(res.status()).toBe(404);
});
