import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_LOGINS, type OpenDatabase, openDatabase, seedDemoData } from "@traveler/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "./clock.ts";
import { type ApiServices, createContextInner } from "./context.ts";
import { createCaller } from "./router.ts";
import { txidVisibleInSnapshot } from "./schemas/snapshot.ts";
import { rowsFromColumns } from "./schemas/sync-tables.ts";
import { resolveSession } from "./sessions/sessions.ts";
import { type ChangeBatch, type ChangeFeed, createChangeFeed } from "./sync/change-feed.ts";

/**
 * The embedded default (PGlite behind a socket) serialises transactions: a query on another
 * connection while a transaction is open waits until it ends, so code that awaits a second
 * connection inside a transaction hangs there and nowhere else. This file runs the everyday
 * flows of `npm start` against the embedded database: a hang fails the test by its timeout.
 */
describe("embedded database (npm start without DATABASE_URL)", () => {
  let dataDir: string;
  let database: OpenDatabase;
  let changes: ChangeFeed;
  let services: ApiServices;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "traveler-api-embedded-"));
    database = await openDatabase({ dataDir });
    await seedDemoData(database.db);
    changes = createChangeFeed({ db: database.db, mode: "embedded", pollIntervalMs: 60_000 });
    await changes.start();
    // No idle-timeout overrides: sessions read them from shop_settings, as in production.
    services = {
      db: database.db,
      clock: systemClock,
      changes,
      config: {
        publicUrl: "http://localhost:3000",
        altchaHmacKey: "embedded-test",
        sessionMaxAgeDays: 30,
      },
    };
  }, 120_000);

  afterAll(async () => {
    await changes?.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(input: Parameters<ReturnType<typeof createCaller>["auth"]["login"]>[0]) {
    const anonymous = createCaller(createContextInner({ services, request: { ip: "127.0.0.1" } }));
    const { token } = await anonymous.auth.login(input);
    const session = await resolveSession(services, token);
    expect(session).not.toBeNull();
    return createCaller(
      createContextInner({ services, actor: session!.actor, sessionToken: token }),
    );
  }

  it("a customer signs in and reads the dashboard, a job and the history", async () => {
    const customer = await signIn({
      kind: "customer",
      email: "maria@chenbakery.example",
      password: DEMO_LOGINS.customerPassword,
    });
    const dashboard = await customer.customer.dashboard();
    expect(dashboard.jobs.length).toBeGreaterThan(0);
    const job = await customer.customer.job({ jobNumber: dashboard.jobs[0]!.jobNumber });
    expect(job.history.length).toBeGreaterThan(0);
    const history = await customer.customer.history({});
    expect(history.total).toBeGreaterThan(0);
    await customer.auth.logout();
  }, 30_000);

  it("staff post a customer-visible status change (with its email) and invite a customer; the change feed reports the job at once", async () => {
    const staff = await signIn({
      kind: "staff",
      username: DEMO_LOGINS.staff.username,
      password: DEMO_LOGINS.staff.password,
    });
    const board = await staff.staff.jobs.list({ status: ["in_progress"], limit: 5 });
    const target = board.items[0]!;
    const batches: ChangeBatch[] = [];
    const unsubscribe = changes.subscribe((batch) => {
      batches.push(batch);
    });
    try {
      const started = Date.now();
      await staff.staff.jobs.setStatus({
        jobNumber: target.jobNumber,
        status: "quality_check",
        note: "Passed first inspection.",
        visibleToCustomer: true,
        idempotencyKey: "embedded-test-0001",
      });
      await expect
        .poll(() => batches.some((b) => b.jobs.some((j) => j.jobNumber === target.jobNumber)), {
          timeout: 1_000,
        })
        .toBe(true);
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      unsubscribe();
    }
    const queued = await database.db
      .selectFrom("email_outbox")
      .select("kind")
      .where("status", "=", "queued")
      .execute();
    expect(queued.length).toBeGreaterThan(0);

    const customers = await staff.staff.customers.list({ q: "lena" });
    await staff.staff.customers.invite({ customerId: customers.items[0]!.id });
    const invite = await database.db
      .selectFrom("email_outbox")
      .select("kind")
      .where("kind", "=", "invite")
      .executeTakeFirst();
    expect(invite?.kind).toBe("invite");
  }, 30_000);

  it("a console's sync works here too: bootstrap in pages, then the delta of a staff write, also from an xmin-only cursor", async () => {
    const staff = await signIn({
      kind: "staff",
      username: DEMO_LOGINS.staff.username,
      password: DEMO_LOGINS.staff.password,
    });
    let cursor: string | null = null;
    let jobs = 0;
    let pages = 0;
    let page: Awaited<ReturnType<typeof staff.sync.pull>>;
    do {
      page = await staff.sync.pull({ cursor, limit: 25 });
      jobs += page.tables.jobs.values.length;
      cursor = page.cursor;
      pages += 1;
    } while (page.hasMore);
    const total = await database.db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(jobs).toBe(Number(total.n));
    expect(pages).toBeGreaterThan(2);
    const oldCursor = Buffer.from(JSON.stringify({ s: page.watermark })).toString("base64url");

    const board = await staff.staff.jobs.list({ status: ["not_started"], limit: 1 });
    const target = board.items[0]!;
    const { job, txid } = await staff.staff.jobs.update({
      jobNumber: target.jobNumber,
      version: target.version,
      base: { shopNotes: target.shopNotes },
      patch: { shopNotes: "Embedded delta" },
    });
    for (const from of [cursor, oldCursor]) {
      const delta = await staff.sync.pull({ cursor: from });
      expect(delta.hasMore).toBe(false);
      expect(
        rowsFromColumns(delta.tables).jobs.map((j) => [j.jobNumber, j.shopNotes, j.version]),
      ).toEqual([[job.jobNumber, "Embedded delta", job.version]]);
      expect(txidVisibleInSnapshot(delta.snapshot, txid)).toBe(true);
    }
    expect(txidVisibleInSnapshot(page.snapshot, txid)).toBe(false);
  }, 30_000);
});
