import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { makePdfBuffer } from "../../../packages/api/src/testing/make-pdf.ts";

/**
 * Issue 14 in the console: a customer asks about a job (through the real API, as the portal does),
 * the question appears live in the Inbox, staff answer from the console (queued, pushed), and the
 * customer reads the answer.
 */
const CONTROL = process.env.CONSOLE_E2E_CONTROL ?? "";
test.use({ baseURL: process.env.CONSOLE_E2E_HARNESS });

async function signIn(page: Page) {
  await page.goto("/");
  const board = page.getByRole("heading", { name: "Job board" });
  const form = page.getByRole("heading", { name: "Traveler staff console" });
  await expect(board.or(form)).toBeVisible();
  if (await board.isVisible()) return;
  await page.getByLabel("Username").fill("frontdesk");
  await page.getByLabel("Password").fill("console-test-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Job board" })).toBeVisible();
  await expect(page.getByTestId("sync-state")).toHaveText("Online", { timeout: 30_000 });
}

/** A job of the generated shop. */
async function firstJob(request: APIRequestContext): Promise<string> {
  const { jobNumber } = (await (await request.get(`${CONTROL}/db/first-job`)).json()) as {
    jobNumber: string;
  };
  return jobNumber;
}

test("a customer's question appears live in the Inbox; the console's reply reaches the customer", async ({
  page,
  request,
}) => {
  await signIn(page);
  const jobNumber = await firstJob(request);

  const question = `When will it be ready? console-${Date.now()}`;
  const asked = await request.get(
    `${CONTROL}/customer/ask?jobNumber=${jobNumber}&body=${encodeURIComponent(question)}`,
  );
  expect(asked.ok()).toBe(true);

  await page.getByRole("button", { name: /^Inbox/ }).click();
  const conversations = page.getByRole("list", { name: "Conversations" });
  const entry = conversations.getByRole("button", { name: new RegExp(jobNumber) });
  await expect(entry).toBeVisible({ timeout: 20_000 });
  await expect(entry).toContainText(question);
  await expect(page.getByRole("button", { name: /^Inbox \(\d+\)/ })).toBeVisible();
  await entry.click();
  const conversation = page.getByRole("region", { name: `Conversation on ${jobNumber}` });
  await expect(conversation.getByText(question)).toBeVisible();
  const answer = `Friday afternoon. console-${Date.now()}`;
  await conversation.getByLabel("Reply to the customer").fill(answer);
  await conversation.getByRole("button", { name: "Send reply" }).click();
  // Shown at once (queued), then uploaded; the conversation leaves the waiting list.
  await expect(conversation.getByText(answer)).toBeVisible();
  await expect(entry).toHaveCount(0, { timeout: 20_000 });
  await page.screenshot({ path: "test-results/screens/inbox.png" });

  await expect(async () => {
    const thread = (await (
      await request.get(`${CONTROL}/customer/thread?jobNumber=${jobNumber}`)
    ).json()) as { messages: { author: string; body: string }[] };
    expect(thread.messages.map((m) => [m.author, m.body])).toEqual([
      ["customer", question],
      ["staff", answer],
    ]);
  }).toPass({ timeout: 20_000 });
});

test("a customer's message shows its file in the Inbox; a reply with a file reaches the customer with it", async ({
  page,
  request,
}) => {
  await signIn(page);
  const jobNumber = await firstJob(request);
  const question = `Does this photo help? files-${Date.now()}`;
  const asked = await request.get(
    `${CONTROL}/customer/ask?jobNumber=${jobNumber}&body=${encodeURIComponent(question)}&file=shopfront.png`,
  );
  expect(asked.ok()).toBe(true);

  await page.getByRole("button", { name: /^Inbox/ }).click();
  const entry = page
    .getByRole("list", { name: "Conversations" })
    .getByRole("button", { name: new RegExp(jobNumber) });
  await expect(entry).toContainText(question, { timeout: 20_000 });
  await entry.click();
  const conversation = page.getByRole("region", { name: `Conversation on ${jobNumber}` });
  const theirFiles = conversation
    .locator(".message-customer", { hasText: question })
    .getByRole("list", { name: "Files of this message" });
  await expect(theirFiles.getByRole("button", { name: "shopfront.png" })).toBeVisible({
    timeout: 20_000,
  });
  await expect(theirFiles).toContainText(/shopfront\.png \d+ (bytes|KB)/);
  // Open downloads it, as the job's Files card does.
  const download = page.waitForEvent("download");
  await theirFiles.getByRole("button", { name: "shopfront.png" }).click();
  expect((await download).suggestedFilename()).toBe("shopfront.png");

  // The reply with a file: queued while the server is away, the file waiting beside the cache.
  await request.post(`${CONTROL}/api/stop`);
  await expect(page.getByTestId("sync-state")).toHaveText("Offline", { timeout: 30_000 });
  const answer = `Yes, here is the mock-up. files-${Date.now()}`;
  await conversation.getByLabel("Reply to the customer").fill(answer);
  await conversation.getByLabel("Attach files").setInputFiles({
    name: "mock-up.pdf",
    mimeType: "application/pdf",
    buffer: await makePdfBuffer({ pages: 1 }),
  });
  await expect(
    conversation.getByRole("list", { name: "Files to send with the reply" }),
  ).toContainText("mock-up.pdf");
  await conversation.getByRole("button", { name: "Send reply" }).click();
  const mine = conversation.locator(".message-staff", { hasText: answer });
  await expect(mine).toContainText("queued");
  await expect(mine.getByRole("list", { name: "Files of this message" })).toContainText(
    "mock-up.pdf",
  );
  await expect(mine).toContainText("waiting to upload");
  await expect(page.getByTestId("queued-count")).toHaveText(/^2 queued/);
  await page.screenshot({ path: "test-results/screens/inbox-reply-queued.png" });

  await request.post(`${CONTROL}/api/start`);
  await expect(mine.getByRole("button", { name: "mock-up.pdf" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(mine).not.toContainText("queued");
  await page.screenshot({ path: "test-results/screens/inbox-attachments.png" });

  await expect(async () => {
    const thread = (await (
      await request.get(`${CONTROL}/customer/thread?jobNumber=${jobNumber}`)
    ).json()) as {
      messages: { author: string; body: string; attachments: { fileName: string }[] }[];
    };
    expect(
      thread.messages
        .filter((m) => m.body === question || m.body === answer)
        .map((m) => [m.author, m.attachments.map((a) => a.fileName)]),
    ).toEqual([
      ["customer", ["shopfront.png"]],
      ["staff", ["mock-up.pdf"]],
    ]);
  }).toPass({ timeout: 20_000 });
});

test("the Requests screen lists a request's files; open downloads one", async ({
  page,
  request,
}) => {
  await signIn(page);
  const jobNumber = await firstJob(request);
  const what = `Window decals ${Date.now()}`;
  const asked = await request.get(
    `${CONTROL}/customer/quote?jobNumber=${jobNumber}&what=${encodeURIComponent(what)}&file=window-art.png`,
  );
  expect(asked.ok()).toBe(true);
  await page.getByRole("button", { name: /^Requests/ }).click();
  const entry = page
    .getByRole("list", { name: "Quote requests" })
    .getByRole("button", { name: new RegExp(what) });
  await expect(entry).toContainText("1 file", { timeout: 20_000 });
  await entry.click();
  const files = page.getByRole("list", { name: /^Files of Q-\d+/ });
  await expect(files).toContainText(/window-art\.png \d+ (bytes|KB)/);
  await page.screenshot({ path: "test-results/screens/requests-files.png" });
  const download = page.waitForEvent("download");
  await files.getByRole("button", { name: "window-art.png" }).click();
  expect((await download).suggestedFilename()).toBe("window-art.png");
});

test("a quote sent from the Requests screen reads in the shop's currency", async ({
  page,
  request,
}) => {
  await signIn(page);
  const jobNumber = await firstJob(request);
  const what = `Window decals priced ${Date.now()}`;
  const asked = await request.get(
    `${CONTROL}/customer/quote?jobNumber=${jobNumber}&what=${encodeURIComponent(what)}`,
  );
  expect(asked.ok()).toBe(true);
  const { requestNumber } = (await asked.json()) as { requestNumber: string };

  await page.getByRole("button", { name: /^Requests/ }).click();
  const entry = page
    .getByRole("list", { name: "Quote requests" })
    .getByRole("button", { name: new RegExp(what) });
  await expect(entry).toBeVisible({ timeout: 20_000 });
  await entry.click();
  const detail = page.getByRole("region", { name: `Request ${requestNumber}` });
  await detail.getByRole("textbox", { name: "Price" }).fill("180.50");
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await detail.getByLabel("Valid until").fill(inAWeek);
  await detail.getByRole("button", { name: "Send quote" }).click();
  // The shop's currency is the default, US dollars: the price reads as the portal writes it.
  await expect(detail).toContainText("$180.50", { timeout: 20_000 });
  await page.screenshot({ path: "test-results/screens/requests-price.png" });
});
