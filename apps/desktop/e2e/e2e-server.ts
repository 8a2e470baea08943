/**
 * Everything the console's browser tests need, real all the way down: a fresh PostgreSQL
 * database (migrated, thousands of generated jobs), the API over HTTP with its change feed, a
 * staff account, and the harness (console core in Node + built renderer) on a fresh cache file.
 * A small control server lets tests stop/start the API and ask the database what it holds.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import {
  attachFileAsCustomer,
  attachFileAsStaff,
  createCaller,
  createContextInner,
  createQuoteRequest,
  intakeRequestFile,
} from "@traveler/api/server";
import { createDb, generateBulkData, migrateToLatest } from "@traveler/db";
import { sql } from "kysely";
import sharp from "sharp";
import { setState } from "../src/core/cache/sync-state.ts";
import { DesktopCore, memoryVault } from "../src/core/desktop-core.ts";
import { startHarnessServer } from "../src/harness/harness-server.ts";
import { createStaff, startApiTestServer } from "../src/testing/api-test-server.ts";

const adminUrl = process.env.E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `traveler_e2e_console_${randomBytes(4).toString("hex")}`;
const admin = createDb({ connectionString: adminUrl, max: 1 });
// Databases of earlier runs whose server was killed before it could clean up: only those nobody
// is connected to (another checkout may be testing against its own right now).
const stale = await sql<{ datname: string }>`
  select d.datname from pg_database d
  where d.datname like 'traveler_e2e_console_%'
    and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)`.execute(
  admin.db,
);
for (const row of stale.rows) {
  await sql
    .raw(`drop database if exists ${row.datname}`)
    .execute(admin.db)
    .catch(() => {});
}
await sql.raw(`create database ${name}`).execute(admin.db);
const connectionString = adminUrl.replace(/\/[^/]*$/, `/${name}`);
const handle = createDb({ connectionString, max: 8 });
await migrateToLatest(handle.db);
await generateBulkData(handle.db, { customers: 200, jobs: 5_000 });

const database = {
  ...handle,
  name,
  connectionString,
  async drop() {
    await handle.close();
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
    await admin.close();
  },
};
const api = await startApiTestServer(database);
await createStaff(database, api.services, "frontdesk", "admin");

const core = new DesktopCore({
  cacheFile: join(mkdtempSync(join(tmpdir(), "traveler-e2e-")), "cache.sqlite"),
  vault: memoryVault(),
  minRetryMs: 200,
  maxRetryMs: 1_000,
});
setState(core.db, "remembered_server", api.url());
core.start();
const harness = await startHarnessServer({
  core,
  rendererDir: resolve(import.meta.dirname, "../out/renderer"),
  port: 0,
});

/** A plain PNG of one colour with a darker band (artwork the tests upload). */
function artwork(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([
      {
        input: {
          create: { width, height: Math.round(height / 5), channels: 3, background: "#111827" },
        },
        top: Math.round(height / 2),
        left: 0,
      },
    ])
    .png()
    .toBuffer();
}

const control = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://control");
  try {
    if (url.pathname === "/api/stop") await api.stop();
    else if (url.pathname === "/api/start") await api.start();
    else if (url.pathname === "/db/history") {
      const rows = await handle.db
        .selectFrom("job_status_history")
        .select("id")
        .where("notes", "=", url.searchParams.get("note") ?? "")
        .execute();
      res.end(JSON.stringify({ count: rows.length }));
      return;
    } else if (url.pathname === "/db/jobs") {
      const rows = await handle.db
        .selectFrom("jobs")
        .select(["job_number", "status"])
        .where("title", "=", url.searchParams.get("title") ?? "")
        .execute();
      res.end(JSON.stringify({ jobs: rows }));
      return;
    } else if (url.pathname === "/db/shop-currency") {
      const row = await handle.db
        .selectFrom("shop_settings")
        .select("currency")
        .executeTakeFirstOrThrow();
      res.end(JSON.stringify({ currency: row.currency }));
      return;
    } else if (url.pathname === "/db/retitle") {
      // Another staff member's edit, straight in the database (bumps the version by trigger).
      await handle.db
        .updateTable("jobs")
        .set({ title: url.searchParams.get("title") ?? "" })
        .where("job_number", "=", url.searchParams.get("jobNumber") ?? "")
        .execute();
    } else if (url.pathname === "/db/email-dead") {
      // The sender gave up on this address's messages of one kind (as the worker does after its retries).
      await handle.db
        .updateTable("email_outbox")
        .set({ status: "dead", attempts: 5, last_error: "550 5.1.1 mailbox unavailable" })
        .where("to_address", "=", url.searchParams.get("to") ?? "")
        .where("kind", "=", url.searchParams.get("kind") ?? "")
        .execute();
    } else if (url.pathname === "/db/rate-completed") {
      // A customer's rating of the first completed job the generator left unrated (as from the
      // completion email's link).
      const job = await handle.db
        .selectFrom("jobs")
        .leftJoin("job_ratings", "job_ratings.job_id", "jobs.id")
        .select(["jobs.id", "jobs.job_number", "jobs.customer_id"])
        .where("jobs.status", "=", "completed")
        .where("jobs.deleted_at", "is", null)
        .where("job_ratings.id", "is", null)
        .orderBy("jobs.id")
        .executeTakeFirstOrThrow();
      await handle.db
        .insertInto("job_ratings")
        .values({
          job_id: job.id,
          customer_id: job.customer_id,
          rating: 5,
          comment: url.searchParams.get("comment") ?? "",
          source: "email",
        })
        .execute();
      res.end(JSON.stringify({ jobNumber: job.job_number }));
      return;
    } else if (url.pathname === "/db/emails") {
      const rows = await handle.db
        .selectFrom("email_outbox")
        .select(["id", "kind", "status"])
        .where("to_address", "=", url.searchParams.get("to") ?? "")
        .execute();
      res.end(JSON.stringify({ emails: rows }));
      return;
    } else if (url.pathname === "/db/proof-setup") {
      // A new job with one file on it (hidden from the customer), for the proof test.
      const customer = await handle.db
        .selectFrom("customers")
        .select("id")
        .orderBy("id")
        .limit(1)
        .executeTakeFirstOrThrow();
      const job = await handle.db
        .insertInto("jobs")
        .values({ customer_id: customer.id, title: url.searchParams.get("title") ?? "Proof" })
        .returning(["id", "job_number"])
        .executeTakeFirstOrThrow();
      const staff = await handle.db
        .selectFrom("staff_users")
        .select(["id", "username", "role"])
        .limit(1)
        .executeTakeFirstOrThrow();
      // Real artwork through the files intake (stored bytes, thumbnail): the console draws
      // the customer's pins on it. With `sent`, version 1 of the proof is sent at once.
      const ctx = createContextInner({
        services: api.services,
        actor: {
          type: "staff",
          staffId: staff.id,
          role: staff.role as "admin" | "staff",
          name: staff.username,
          username: staff.username,
          sessionId: "e2e",
          idleExpiresAt: new Date(Date.now() + 3_600_000),
        },
        request: { ip: null, userAgent: "console-e2e" },
      }) as Parameters<typeof attachFileAsStaff>[0];
      const { file } = await attachFileAsStaff(
        ctx,
        { jobNumber: job.job_number, fileName: "banner-art.png", visibleToCustomer: false },
        Readable.from([await artwork(900, 500, "#2563eb")]),
      );
      if (url.searchParams.get("sent")) {
        await createCaller(ctx).staff.jobs.proofs.send({
          jobNumber: job.job_number,
          fileIds: [file.id],
        });
      }
      res.end(JSON.stringify({ jobNumber: job.job_number }));
      return;
    } else if (url.pathname === "/db/proof-answer") {
      // The customer asks for changes with a pin (as customer.proofs.requestChanges stores it).
      const proof = await handle.db
        .selectFrom("proofs as p")
        .innerJoin("jobs as j", "j.id", "p.job_id")
        .innerJoin("proof_files as f", "f.proof_id", "p.id")
        .select(["p.id", "j.customer_id", "f.id as proof_file_id"])
        .where("j.job_number", "=", url.searchParams.get("jobNumber") ?? "")
        .where("p.state", "=", "waiting")
        .executeTakeFirstOrThrow();
      await handle.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("proof_comments")
          .values([
            { proof_id: proof.id, customer_id: proof.customer_id, body: "Make the logo bigger" },
            {
              proof_id: proof.id,
              customer_id: proof.customer_id,
              body: "This corner",
              proof_file_id: proof.proof_file_id,
              pin_number: 1,
              pin_x: 0.25,
              pin_y: 0.75,
            },
          ])
          .execute();
        await trx
          .updateTable("proofs")
          .set({
            state: "changes_requested",
            decided_at: new Date(),
            decided_by_customer: proof.customer_id,
          })
          .where("id", "=", proof.id)
          .execute();
      });
    } else if (url.pathname === "/db/proofs") {
      const rows = await handle.db
        .selectFrom("proofs as p")
        .innerJoin("jobs as j", "j.id", "p.job_id")
        .select(["p.version_number", "p.state", "j.status"])
        .where("j.job_number", "=", url.searchParams.get("jobNumber") ?? "")
        .execute();
      res.end(JSON.stringify({ proofs: rows }));
      return;
    } else if (url.pathname === "/db/first-job") {
      const row = await handle.db
        .selectFrom("jobs")
        .select("job_number")
        .where("deleted_at", "is", null)
        .orderBy("id")
        .limit(1)
        .executeTakeFirstOrThrow();
      res.end(JSON.stringify({ jobNumber: row.job_number }));
      return;
    } else if (
      url.pathname === "/customer/ask" ||
      url.pathname === "/customer/thread" ||
      url.pathname === "/customer/quote"
    ) {
      // The job's own customer, through the real API (as the portal calls it in-process).
      const job = await handle.db
        .selectFrom("jobs as j")
        .innerJoin("customers as c", "c.id", "j.customer_id")
        .select(["c.id", "c.name", "c.email"])
        .where("j.job_number", "=", url.searchParams.get("jobNumber") ?? "")
        .executeTakeFirstOrThrow();
      const ctx = createContextInner({
        services: api.services,
        actor: {
          type: "customer",
          customerId: job.id,
          name: job.name,
          email: job.email,
          sessionId: "e2e",
          idleExpiresAt: new Date(Date.now() + 3_600_000),
        },
        request: { ip: null, userAgent: "console-e2e" },
      }) as Parameters<typeof attachFileAsCustomer>[0];
      const customer = createCaller(ctx).customer.messages;
      const jobNumber = url.searchParams.get("jobNumber") ?? "";
      // With `file`: a picture the customer uploads (as on the portal) and attaches.
      const fileName = url.searchParams.get("file");
      let out: unknown;
      if (url.pathname === "/customer/quote") {
        const stored = fileName
          ? [
              {
                ...(await intakeRequestFile(
                  ctx,
                  Readable.from([await artwork(300, 200, "#16a34a")]),
                )),
                fileName,
              },
            ]
          : [];
        out = await createQuoteRequest(
          ctx,
          {
            what: url.searchParams.get("what") ?? "Quote",
            quantity: 25,
            neededBy: null,
            notes: "",
          },
          stored,
        );
      } else if (url.pathname === "/customer/ask") {
        const fileIds = fileName
          ? [
              (
                await attachFileAsCustomer(
                  ctx,
                  { jobNumber, fileName },
                  Readable.from([await artwork(320, 240, "#b45309")]),
                )
              ).file.id,
            ]
          : [];
        out = await customer.send({
          jobNumber,
          body: url.searchParams.get("body") ?? "",
          ...(fileIds.length > 0 ? { fileIds } : {}),
        });
      } else {
        out = await customer.thread({ jobNumber });
      }
      res.end(JSON.stringify(out));
      return;
    } else if (url.pathname === "/healthz") {
      res.end("ok");
      return;
    }
    res.end(JSON.stringify({ ok: true }));
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});
await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
const controlPort = (control.address() as import("node:net").AddressInfo).port;
// The global setup reads this line: every port is a free one the system chose.
console.log(
  `E2E_READY ${JSON.stringify({ harness: harness.url, api: api.url(), control: `http://127.0.0.1:${controlPort}` })}`,
);

const shutdown = async () => {
  control.close();
  await harness.close();
  core.close();
  await api.close();
  await database.drop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
