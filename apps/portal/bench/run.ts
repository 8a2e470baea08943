/**
 * Portal benchmarks (figures printed; copy them to docs/benchmarks.md, section "Portal").
 * Needs the built portal (`npm run build -w @traveler/portal`) and PostgreSQL on 127.0.0.1.
 *   npm run bench -w @traveler/portal            (BENCH_SECONDS=30 by default)
 * 1. page weight (HTML, CSS, JS; bytes on the wire, gzip) of login, dashboard, job, history;
 * 2. median of 10 cold loads of dashboard and job in Chromium on Regular 3G (CDP);
 * 3. autocannon: dashboard throughput and latency for 200 signed-in customers on a database
 *    with 10,000 customers / 100,000 jobs (generateBulkData).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import {
  BENCH_CUSTOMER_PASSWORD,
  benchCustomerEmail,
  createDb,
  generateBulkData,
  migrateToLatest,
  seedDemoData,
} from "@traveler/db";
import autocannon from "autocannon";
import pg from "pg";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORTAL_DIR = fileURLToPath(new URL("..", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ kind: "customer", email, password }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`login ${email}: ${res.status}`);
  return cookie;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const name = `traveler_bench_${randomBytes(4).toString("hex")}`;
await admin(`create database "${name}"`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
let server: ChildProcess | undefined;
try {
  const handle = createDb({ connectionString: url.toString() });
  await migrateToLatest(handle.db);
  await seedDemoData(handle.db);
  console.log(`generating ${CUSTOMERS} customers / ${JOBS} jobs …`);
  const bulk = await generateBulkData(handle.db, { customers: CUSTOMERS, jobs: JOBS });
  // A bench customer with an active job, for the browser figures.
  const sample = await handle.db
    .selectFrom("jobs")
    .innerJoin("customers", "customers.id", "jobs.customer_id")
    .select(["customers.email", "jobs.job_number"])
    .where("customers.email", "like", `%.${bulk.tag}@bench.example`)
    .where("jobs.status", "<>", "completed")
    .orderBy("jobs.id")
    .limit(1)
    .executeTakeFirstOrThrow();
  await handle.close();
  console.log(`generated in ${(bulk.ms / 1000).toFixed(1)} s`);

  const port = await freePort();
  const base = `http://localhost:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: PORTAL_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: url.toString(),
      PUBLIC_URL: base,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      ALTCHA_HMAC_KEY: randomBytes(32).toString("hex"),
      SEED_DEMO: "never",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    if (i > 120) throw new Error("portal did not start");
    await new Promise((r) => setTimeout(r, 250));
  }

  const cookie = await login(base, sample.email, BENCH_CUSTOMER_PASSWORD);
  const jobPath = `/customer/job/${sample.job_number}`;

  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const [name_, value] = cookie.split("=") as [string, string];
  const context = await browser.newContext();
  await context.addCookies([{ name: name_, value, url: base }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const types = new Map<string, string>();
  let bytes = { html: 0, css: 0, js: 0 };
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  cdp.on("Network.loadingFinished", (e) => {
    const t = types.get(e.requestId);
    if (t === "Document") bytes.html += e.encodedDataLength;
    else if (t === "Stylesheet") bytes.css += e.encodedDataLength;
    else if (t === "Script") bytes.js += e.encodedDataLength;
  });

  console.log("\nPage weight (bytes on the wire incl. headers, gzip, cold cache):");
  console.log("| page | HTML | CSS | JS | total |\n|---|---|---|---|---|");
  for (const [label, path] of [
    ["login", "/login"],
    ["dashboard", "/customer/dashboard"],
    ["job", jobPath],
    ["history", "/customer/history"],
  ] as const) {
    if (label === "login") await context.clearCookies();
    bytes = { html: 0, css: 0, js: 0 };
    await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
    if (label === "login") await context.addCookies([{ name: name_, value, url: base }]);
    console.log(
      `| ${label} | ${kb(bytes.html)} | ${kb(bytes.css)} | ${kb(bytes.js)} | ${kb(bytes.html + bytes.css + bytes.js)} |`,
    );
  }

  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 300,
    downloadThroughput: (750 * 1024) / 8,
    uploadThroughput: (250 * 1024) / 8,
  });
  console.log("\nRegular 3G (300 ms, 750/250 kbit/s), cold cache, median of 10 loads:");
  for (const [label, path] of [
    ["dashboard", "/customer/dashboard"],
    ["job", jobPath],
  ] as const) {
    const load: number[] = [];
    const dcl: number[] = [];
    for (let i = 0; i < 10; i++) {
      await page.goto(`${base}${path}`, { waitUntil: "load" });
      const t = await page.evaluate(() => {
        const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        return { load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd };
      });
      load.push(t.load);
      dcl.push(t.dcl);
    }
    console.log(
      `- ${label}: DOMContentLoaded ${median(dcl).toFixed(0)} ms, load ${median(load).toFixed(0)} ms`,
    );
  }
  await browser.close();

  console.log("\nSigning in 200 bench customers …");
  const cookies: string[] = [];
  for (let i = 1; i <= 200; i++)
    cookies.push(await login(base, benchCustomerEmail(i, bulk.tag), BENCH_CUSTOMER_PASSWORD));
  let next = 0;
  const result = await autocannon({
    url: `${base}/customer/dashboard`,
    connections: 50,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, cookie: cookies[next++ % cookies.length] ?? "" },
        }),
      },
    ],
  });
  console.log(
    `\nautocannon /customer/dashboard, 200 customers, 50 connections, ${SECONDS} s: ` +
      `${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p97.5 ${result.latency.p97_5} ms, ` +
      `p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
} finally {
  server?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  await admin(`drop database if exists "${name}" with (force)`);
}
