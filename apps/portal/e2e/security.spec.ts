import {
  activeJobOf,
  CUSTOMER_A,
  CUSTOMER_B,
  expect,
  portalUrl,
  sql,
  test,
} from "./support/fixtures.ts";

const MARKER = "SHOPNOTE-MARKER-7f3a9c";

test.describe("security", () => {
  test.beforeAll(async () => {
    await sql(
      `update jobs set shop_notes = shop_notes || ' ' || $1 where shop_notes not like '%' || $1 || '%'`,
      [MARKER],
    );
  });

  test("customer A cannot open customer B's job or photo by URL", async ({
    customerPage: page,
  }) => {
    const foreign = await activeJobOf(CUSTOMER_B.email);
    const response = await page.goto(`/customer/job/${foreign.jobNumber}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText(foreign.title)).toHaveCount(0);

    // The same 404 for a number that does not exist at all.
    const missing = await page.goto("/customer/job/J-1999-0001");
    expect(missing?.status()).toBe(404);

    // A photo of B's job (added directly; any visible photo row will do).
    const photo = await sql<{ id: number }>(
      `insert into job_photos (job_id, content_type, data, thumbnail, width, height, byte_size, visible_to_customer)
       values ($1, 'image/png', $2, $2, 1, 1, 68, true) returning id`,
      [
        foreign.id,
        Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"),
      ],
    );
    const photoResponse = await page.request.get(`/customer/photo/${photo[0]?.id}/thumb`);
    expect(photoResponse.status()).toBe(404);
  });

  test("no customer page or data response contains shop notes", async ({ customerPage: page }) => {
    const own = await activeJobOf(CUSTOMER_A.email);
    const bodies: string[] = [];
    page.on("response", async (response) => {
      if (response.url().startsWith(portalUrl())) {
        bodies.push(await response.text().catch(() => ""));
      }
    });
    for (const path of [
      "/customer/dashboard",
      `/customer/job/${own.jobNumber}`,
      "/customer/history",
    ]) {
      await page.goto(path);
      const data = await page.request.get(`${path}.data`);
      bodies.push(await data.text());
    }
    await page.goto("/customer/dashboard");
    expect(bodies.length).toBeGreaterThan(3);
    for (const body of bodies) expect(body).not.toContain(MARKER);
  });

  test("pages carry CSP with a nonce and the other security headers", async ({ page }) => {
    const response = await page.goto("/login");
    const headers = response?.headers() ?? {};
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["x-request-id"]).toBeTruthy();
    // Plain http: no HSTS.
    expect(headers["strict-transport-security"]).toBeUndefined();
    const nonce = headers["content-security-policy"]?.match(/'nonce-([^']+)'/)?.[1];
    const html = await response?.text();
    expect(html).toContain(`nonce="${nonce}"`);
  });

  test("a POST from a foreign origin is refused", async ({ request }) => {
    const response = await request.post("/login", {
      form: { kind: "customer", email: CUSTOMER_A.email, password: CUSTOMER_A.password },
      headers: { Origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });

  test("a one-click unsubscribe POST with Origin null reaches the page (the token decides)", async ({
    request,
  }) => {
    const response = await request.post("/unsubscribe/not-a-valid-token", {
      form: { "List-Unsubscribe": "One-Click" },
      headers: { Origin: "null" },
      maxRedirects: 0,
    });
    // Not the Origin check's 403: the unsubscribe action ran and refused the bad token.
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("This unsubscribe link is not valid.");
    const other = await request.post("/customer/settings", {
      form: { preference: "none" },
      headers: { Origin: "null" },
      maxRedirects: 0,
    });
    expect(other.status()).toBe(403);
  });

  test("customer pages answer 304 when nothing changed", async ({ customerPage: page }) => {
    // A client holding some copy asks; the answer carries the current tag.
    const first = await page.request.get("/customer/dashboard", {
      headers: { "If-None-Match": 'W/"old"' },
    });
    expect(first.status()).toBe(200);
    expect(first.headers()["cache-control"]).toBe("private, no-store");
    const etag = first.headers().etag;
    expect(etag).toBeTruthy();
    const second = await page.request.get("/customer/dashboard", {
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(second.status()).toBe(304);
    // A change the customer can see gives a new ETag.
    await sql(
      `update jobs set progress_percentage = least(progress_percentage + 1, 99)
        where id = (select id from jobs where customer_id = (select id from customers where email = $1)
                    and status <> 'completed' order by id limit 1)`,
      [CUSTOMER_A.email],
    );
    const third = await page.request.get("/customer/dashboard", {
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(third.status()).toBe(200);
  });

  test("health endpoints answer", async ({ request }) => {
    expect((await request.get("/healthz")).status()).toBe(200);
    expect((await request.get("/readyz")).status()).toBe(200);
  });
});
