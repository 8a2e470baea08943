/**
 * Portal benchmarks (issue 11). Figures are printed; docs/benchmarks.md records them.
 * Needs the built portal (`npm run build -w @traveler/portal`) and PostgreSQL on 127.0.0.1.
 *
 *   npm run bench -w @traveler/portal
 *   BENCH_CUSTOMERS=10000 BENCH_JOBS=100000 BENCH_SECONDS=10 BENCH_ROUNDS=3 (defaults)
 *
 * On a database of 10,000 customers / 100,000 jobs (generateBulkData), signed in as 200 bench
 * customers WHO HAVE ACTIVE JOBS:
 * 1. SQL statements per page (a counting proxy in front of PostgreSQL; minimum of 10 requests,
 *    so the change feed's and email worker's timers do not count);
 * 2. JavaScript and total bytes on the wire per page, and Regular 3G cold loads (300 ms RTT,
 *    750/250 kbit/s) of login, dashboard, job and history in Chromium, 10 each;
 * 3. throughput of the dashboard and the job page against a bare node:http + pg server doing the
 *    same queries and HTML (bench/baseline-server.ts), interleaved in the same run, with the ratio;
 * 4. the portal's memory (RSS) over a 60 s load.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import {
  BENCH_CUSTOMER_PASSWORD,
  createDb,
  generateBulkData,
  migrateToLatest,
  seedDemoData,
} from "@traveler/db";
import autocannon from "autocannon";
import { adminQuery, type PortalProcess, startPortal } from "../server/testing/portal-process.ts";
import { startSqlCounter } from "./sql-counter.ts";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const RSS_SECONDS = Number(process.env.BENCH_RSS_SECONDS ?? 60);
const SIGNED_IN = 200;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ kind: "customer", email, password: BENCH_CUSTOMER_PASSWORD }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`login ${email}: ${res.status}`);
  return cookie;
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function load(url: string, paths: string[], cookies: string[], seconds: number) {
  let next = 0;
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const i = next++ % cookies.length;
          return { ...req, path: paths[i]!, headers: { ...req.headers, cookie: cookies[i]! } };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result;
}

const name = `traveler_bench_${randomBytes(4).toString("hex")}`;
await adminQuery(`create database "${name}"`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${name}`;
let portal: PortalProcess | undefined;
let counted: PortalProcess | undefined;
let baseline: ChildProcess | undefined;
const counter = await startSqlCounter({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
try {
  const handle = createDb({ connectionString: dbUrl.toString() });
  await migrateToLatest(handle.db);
  await seedDemoData(handle.db);
  const bulk = await generateBulkData(handle.db, { customers: CUSTOMERS, jobs: JOBS });
  // Customers who have active jobs (the dashboard shows something), with one active job each.
  const sample = await handle.db
    .selectFrom("customers as c")
    .innerJoin("jobs as j", "j.customer_id", "c.id")
    .select(["c.email", (eb) => eb.fn.min("j.job_number").as("job_number")])
    .where("c.email", "like", `%.${bulk.tag}@bench.example`)
    .where("j.status", "<>", "completed")
    .groupBy("c.email")
    .orderBy("c.email")
    .limit(SIGNED_IN)
    .execute();
  const activeJobs = await handle.db
    .selectFrom("jobs")
    .innerJoin("customers", "customers.id", "jobs.customer_id")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where(
      "customers.email",
      "in",
      sample.map((s) => s.email),
    )
    .where("jobs.status", "<>", "completed")
    .executeTakeFirstOrThrow();
  await handle.close();
  console.log(
    `Data: ${CUSTOMERS.toLocaleString()} customers / ${JOBS.toLocaleString()} jobs (${(bulk.ms / 1000).toFixed(1)} s); ` +
      `${sample.length} signed-in customers, all with active jobs (${(Number(activeJobs.n) / sample.length).toFixed(1)} active jobs each on average)`,
  );

  portal = await startPortal({
    databaseUrl: dbUrl.toString(),
    env: { LOG_LEVEL: "error", SEED_DEMO: "never" },
  });
  const base = portal.baseUrl;
  const cookies: string[] = [];
  for (const s of sample) cookies.push(await login(base, s.email));
  // Repeat visitors have the stylesheet cached (the cookie says so; see PageAssets).
  const cssCookie = (
    await fetch(`${base}/customer/dashboard`, { headers: { cookie: cookies[0]! } })
  ).headers
    .get("set-cookie")
    ?.split(";")[0];
  const warm = cookies.map((c) => `${c}; ${cssCookie}`);
  const jobPaths = sample.map((s) => `/customer/job/${s.job_number}`);

  // 1. SQL statements per page -----------------------------------------------------------------
  counted = await startPortal({
    databaseUrl: `postgres://postgres@127.0.0.1:${counter.port}/${name}`,
    env: { LOG_LEVEL: "error", SEED_DEMO: "never" },
  });
  const countedCookie = await login(counted.baseUrl, sample[0]!.email);
  console.log("\nSQL statements per request (minimum of 10 requests):");
  for (const [label, path] of [
    ["dashboard", "/customer/dashboard"],
    ["job", jobPaths[0]!],
    ["history", "/customer/history"],
  ] as const) {
    const counts: number[] = [];
    for (let i = 0; i < 10; i++) {
      // A new minute each time would be fairer to the session's sliding write; the minimum shows
      // the steady state (the slide is written at most once a minute per session).
      counter.reset();
      const res = await fetch(`${counted.baseUrl}${path}`, { headers: { cookie: countedCookie } });
      await res.text();
      counts.push(counter.count());
    }
    console.log(`- ${label}: ${Math.min(...counts)}`);
  }
  await counted.stop();
  counted = undefined;

  // 2. Bytes on the wire and Regular 3G loads --------------------------------------------------
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
  const [cookieName, cookieValue] = cookies[0]!.split("=") as [string, string];
  const pages = [
    ["login", "/login", false],
    ["dashboard", "/customer/dashboard", true],
    ["job", jobPaths[0]!, true],
    ["history", "/customer/history", true],
  ] as const;
  for (const javaScript of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const types = new Map<string, string>();
    let bytes = { html: 0, css: 0, js: 0, other: 0 };
    cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
    cdp.on("Network.loadingFinished", (e) => {
      const t = types.get(e.requestId);
      if (t === "Document") bytes.html += e.encodedDataLength;
      else if (t === "Stylesheet") bytes.css += e.encodedDataLength;
      else if (t === "Script") bytes.js += e.encodedDataLength;
      else bytes.other += e.encodedDataLength;
    });
    const signIn = async (signedIn: boolean) => {
      await context.clearCookies();
      if (signedIn) await context.addCookies([{ name: cookieName, value: cookieValue, url: base }]);
    };
    if (javaScript) {
      console.log(
        "\nBytes on the wire per page, first visit (gzip, cold cache, headers included):",
      );
      console.log(
        "| page | HTML (CSS inlined) | CSS | JS | other | total |\n|---|---|---|---|---|---|",
      );
      for (const [label, path, signedIn] of pages) {
        await signIn(signedIn);
        bytes = { html: 0, css: 0, js: 0, other: 0 };
        await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
        console.log(
          `| ${label} | ${kb(bytes.html)} | ${kb(bytes.css)} | ${kb(bytes.js)} | ${kb(bytes.other)} | ${kb(bytes.html + bytes.css + bytes.js + bytes.other)} |`,
        );
      }
    }
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 300,
      downloadThroughput: (750 * 1024) / 8,
      uploadThroughput: (250 * 1024) / 8,
    });
    console.log(
      `\nRegular 3G (300 ms RTT, 750/250 kbit/s), cold cache, JavaScript ${javaScript ? "on" : "off"}, 10 loads each (load event):`,
    );
    const all: number[] = [];
    for (const [label, path, signedIn] of pages) {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        await signIn(signedIn);
        await page.goto(`${base}${path}`, { waitUntil: "load" });
        times.push(
          await page.evaluate(
            () =>
              (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming)
                .loadEventEnd,
          ),
        );
      }
      all.push(...times);
      console.log(
        `- ${label}: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
      );
    }
    console.log(
      `  all ${all.length}: median ${median(all).toFixed(0)} ms; over 1 s: ${all.filter((t) => t > 1000).length}, over 2 s: ${all.filter((t) => t > 2000).length}`,
    );
    await context.close();
  }
  await browser.close();

  // 3. Throughput against the bare baseline, interleaved ---------------------------------------
  baseline = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(new URL("./baseline-server.ts", import.meta.url)),
      dbUrl.toString(),
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const baselinePort = await new Promise<number>((resolve, reject) => {
    baseline!.stdout!.on("data", (d: Buffer) => {
      const m = /BASELINE (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    baseline!.on("exit", () => reject(new Error("baseline server exited")));
  });
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  console.log(
    `\nThroughput vs bare node:http + pg (same queries and HTML), 10 connections, ${SECONDS} s each, ${ROUNDS} interleaved rounds:`,
  );
  console.log(
    "| page | portal req/s | baseline req/s | ratio (median of rounds) | portal p50 / p99 |\n|---|---|---|---|---|",
  );
  for (const [label, paths] of [
    ["dashboard", sample.map(() => "/customer/dashboard")],
    ["job", jobPaths],
  ] as const) {
    const ratios: number[] = [];
    const ours: number[] = [];
    const bare: number[] = [];
    let latency = "";
    for (let round = 0; round < ROUNDS; round++) {
      const a = await load(base, paths, warm, SECONDS);
      const b = await load(baselineUrl, paths, cookies, SECONDS);
      ours.push(a.requests.average);
      bare.push(b.requests.average);
      ratios.push(a.requests.average / b.requests.average);
      latency = `${a.latency.p50} / ${a.latency.p99} ms`;
    }
    console.log(
      `| ${label} | ${median(ours).toFixed(0)} | ${median(bare).toFixed(0)} | ${median(ratios).toFixed(2)}× | ${latency} |`,
    );
  }

  // 4. Memory over a longer load ------------------------------------------------------------------
  const pid = portal.process.pid!;
  const samples: number[] = [rssKb(pid)];
  const timer = setInterval(() => samples.push(rssKb(pid)), 5_000);
  await load(
    base,
    sample.map(() => "/customer/dashboard"),
    warm,
    RSS_SECONDS,
  );
  clearInterval(timer);
  samples.push(rssKb(pid));
  const mb = (k: number) => `${(k / 1024).toFixed(0)} MB`;
  console.log(
    `\nPortal RSS over ${RSS_SECONDS} s of dashboard load: start ${mb(samples[0]!)}, max ${mb(Math.max(...samples))}, end ${mb(samples.at(-1)!)} (every 5 s: ${samples.map((k) => (k / 1024).toFixed(0)).join(", ")} MB)`,
  );
} finally {
  baseline?.kill("SIGTERM");
  await counted?.stop();
  await portal?.stop();
  await counter.close();
  await adminQuery(`drop database if exists "${name}" with (force)`);
}
