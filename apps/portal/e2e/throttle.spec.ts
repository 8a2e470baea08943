import { expect, sql, test } from "./support/fixtures.ts";

// Each test signs in from its own (forwarded) address so the per-IP limits do not touch others.
test.describe("login throttling", () => {
  test.use({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.21" } });

  test("after repeated failures the human check appears and, solved, lets the customer in", async ({
    page,
  }) => {
    await page.goto("/login");
    for (let i = 0; i < 3; i++) {
      await page.getByLabel("Email address").fill("tom@beckerauto.example");
      await page.getByLabel("Password").fill(`wrong-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert")).toBeVisible();
    }
    await page.getByLabel("Email address").fill("tom@beckerauto.example");
    await page.getByLabel("Password").fill("customer-demo-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("human check");
    await expect(page.getByText("Human check", { exact: true })).toBeVisible();
    await expect(page.locator("altcha-widget")).toBeAttached();

    // Solving the proof of work in the browser lets the right password in.
    await page.getByText("I'm not a robot").click();
    await expect(page.locator("input[name=altcha]")).toHaveAttribute("value", /.{20,}/, {
      timeout: 15_000,
    });
    await page.getByLabel("Email address").fill("tom@beckerauto.example");
    await page.getByLabel("Password").fill("customer-demo-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/customer\/dashboard$/);
  });
});

test.describe("hard limit", () => {
  test.use({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.22" } });

  test("beyond the limit the page says when to try again (429)", async ({ page, baseURL }) => {
    // Arrange: this address already used up its hourly failures (rate-limiter-flexible's row).
    await sql(
      `insert into rate_limits (key, points, expire) values ($1, 50, $2)
       on conflict (key) do update set points = 50, expire = excluded.expire`,
      ["login_ip60:203.0.113.22", Date.now() + 30 * 60_000],
    );
    const res = await page.request.post("/login", {
      form: {
        kind: "customer",
        email: "lena.fischer@mail.example",
        password: "customer-demo-pass",
      },
      headers: { Origin: baseURL ?? "" },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(429);
    expect(Number(res.headers()["retry-after"])).toBeGreaterThan(60);
    await page.goto("/login");
    await page.getByLabel("Email address").fill("lena.fischer@mail.example");
    await page.getByLabel("Password").fill("customer-demo-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText(/try again in \d+ minutes/);
  });
});
