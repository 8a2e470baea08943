/**
 * GET /admin/events through the BUILT portal (server/testing/portal-process.ts) over a real
 * PostgreSQL database: staff get every change (job numbers and table names only), customers and
 * visitors get 401, and the stream ends when the staff session does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffChanges } from "./staff-events.ts";
import { DEMO_CUSTOMER, portalQuery, signInTo } from "./testing/portal-http.ts";
import { type PortalProcess, startPortal } from "./testing/portal-process.ts";

let portal: PortalProcess;

const db = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  portalQuery<T>(portal, text, values);
const signIn = (form: Record<string, string>) => signInTo(portal, form);

const staffCookie = () => signIn({ kind: "staff", username: "sam", password: "staff-demo-pass" });
const customerCookie = () => signIn({ kind: "customer", ...DEMO_CUSTOMER });

/** Opens the stream; `text()` is everything read so far, `ended` resolves when it closes. */
async function openStream(cookie: string) {
  const res = await fetch(`${portal.baseUrl}/admin/events`, {
    headers: { cookie, Accept: "text/event-stream" },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  let text = "";
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return Date.now();
      text += decoder.decode(value, { stream: true });
    }
  })();
  const waitFor = async (pattern: RegExp, ms = 8_000) => {
    const until = Date.now() + ms;
    while (!pattern.test(text)) {
      if (Date.now() > until) throw new Error(`not in the stream: ${pattern}\n${text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor(/: connected/);
  return { text: () => text, ended, waitFor, cancel: () => reader.cancel() };
}

beforeAll(async () => {
  portal = await startPortal();
}, 120_000);

afterAll(async () => {
  await portal?.stop();
});

describe("staffChanges", () => {
  it("names every job and table of a batch, nothing else", () => {
    const batch = {
      cursor: "c1",
      jobs: [
        { id: 1, customerId: 7, jobNumber: "J-2026-0001" },
        { id: 2, customerId: 8, jobNumber: "J-2026-0002" },
      ],
      customers: [9],
      tables: ["jobs", "quote_requests"],
    };
    expect(staffChanges(batch)).toEqual({
      jobs: ["J-2026-0001", "J-2026-0002"],
      tables: ["jobs", "quote_requests"],
    });
  });
});

describe("GET /admin/events", () => {
  it("is refused to visitors and customers (401), also with a customer's valid session", async () => {
    const anonymous = await fetch(`${portal.baseUrl}/admin/events`);
    expect(anonymous.status).toBe(401);
    const customer = await fetch(`${portal.baseUrl}/admin/events`, {
      headers: { cookie: await customerCookie() },
    });
    expect(customer.status).toBe(401);
    expect(await customer.text()).toBe("Please sign in as shop staff.");
    // And a staff session gets no customer stream.
    const staffOnCustomer = await fetch(`${portal.baseUrl}/customer/events`, {
      headers: { cookie: await staffCookie() },
    });
    expect(staffOnCustomer.status).toBe(401);
  });

  it("tells staff which jobs and tables changed, for every customer's jobs, without their content", async () => {
    const stream = await openStream(await staffCookie());
    const jobs = await db<{ id: number; job_number: string; email: string }>(
      `select distinct on (c.id) j.id, j.job_number, c.email from jobs j
        join customers c on c.id = j.customer_id where j.deleted_at is null
        order by c.id, j.id limit 2`,
    );
    expect(jobs.length).toBe(2);
    const marker = `SECRET-TITLE-${Date.now()}`;
    for (const job of jobs) {
      await db("update jobs set title = $2 where id = $1", [job.id, marker]);
    }
    for (const job of jobs) await stream.waitFor(new RegExp(job.job_number));
    const events = stream
      .text()
      .split("\n\n")
      .filter((e) => e.startsWith("event: change"))
      .map((e) => JSON.parse(e.split("data: ")[1]!) as Record<string, unknown>);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(Object.keys(event).sort()).toEqual(["jobs", "tables"]);
    expect(events.flatMap((e) => e.tables as string[])).toContain("jobs");
    expect(stream.text()).not.toContain(marker);

    // A quote request (no job) is an event naming the table.
    await db(
      `insert into quote_requests (customer_id, what, quantity)
       select id, 'Live test sign', 2 from customers order by id limit 1`,
    );
    await stream.waitFor(/"jobs":\[\],"tables":\[[^\]]*"quote_requests"/);
    await stream.cancel();
  });

  it("ends within seconds of the staff member signing out, without sliding the idle deadline", async () => {
    const cookie = await staffCookie();
    const idle = async () =>
      (
        await db<{ idle: string }>(
          `select idle_expires_at::text as idle from sessions where subject_type = 'staff'
            order by created_at desc limit 1`,
        )
      )[0]?.idle;
    const idleBefore = await idle();
    const stream = await openStream(cookie);
    expect(await idle()).toBe(idleBefore);
    const signedOutAt = Date.now();
    const logout = await fetch(`${portal.baseUrl}/admin/logout`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie,
        Origin: portal.baseUrl,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "",
    });
    expect(logout.status).toBe(302);
    const endedAt = await Promise.race([
      stream.ended,
      new Promise<number>((r) => setTimeout(() => r(0), 8_000)),
    ]);
    expect(endedAt).toBeGreaterThan(0);
    expect(endedAt - signedOutAt).toBeLessThan(3_000);
  }, 15_000);
});
