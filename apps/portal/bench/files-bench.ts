/**
 * Upload and download of a 50 MB PDF through the BUILT portal (run `npm run build` first), as it
 * ships (its heap flags, gzip, PostgreSQL file storage), over a fresh PostgreSQL database.
 * Prints time, MB/s and the server's resident memory (VmRSS now, VmHWM = peak since start)
 * before, after the upload and after the download: streaming means the peak does not grow by
 * the file's size.
 *
 *   npm run build -w @traveler/portal && npm run bench:files -w @traveler/portal
 *   # BENCH_FILE_MB=100 for a bigger file (the limit is 100 MB)
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { makePdf } from "../../../packages/api/src/testing/make-pdf.ts";
import { startPortal } from "../server/testing/portal-process.ts";

const MB = 1024 * 1024;
const size = Number(process.env.BENCH_FILE_MB ?? 50) * MB;

function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) =>
    Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
  return { rss: Math.round(field("VmRSS")), peak: Math.round(field("VmHWM")) };
}

const portal = await startPortal({});
try {
  const pid = portal.process.pid!;
  const login = await fetch(`${portal.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: portal.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ kind: "staff", username: "admin", password: "admin-demo-pass" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const client = new pg.Client({ connectionString: portal.databaseUrl! });
  await client.connect();
  const jobs = await client.query<{ job_number: string }>(
    "select job_number from jobs where deleted_at is null order by id limit 1",
  );
  await client.end();
  const jobNumber = jobs.rows[0]!.job_number;
  // Let the start settle (migrations, demo seed) before the "before" figure.
  await new Promise((r) => setTimeout(r, 1000));
  const before = memory(pid);

  const boundary = "----traveler-bench";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const pdf = makePdf({ pages: 4, padBytes: size })[Symbol.asyncIterator]();
  let sent = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(new Uint8Array(head));
        return;
      }
      const next = await pdf.next();
      if (next.done) {
        controller.enqueue(new Uint8Array(tail));
        controller.close();
        return;
      }
      sent += next.value.length;
      controller.enqueue(new Uint8Array(next.value));
    },
  });
  let t = performance.now();
  const up = await fetch(`${portal.baseUrl}/admin/job/${jobNumber}/files`, {
    method: "POST",
    headers: {
      cookie,
      Origin: portal.baseUrl,
      Accept: "application/json",
      "Content-Type": `multipart/form-data; boundary=${boundary}`,
    },
    body,
    duplex: "half",
  } as RequestInit);
  const uploaded = (await up.json()) as { file: { id: number; pageCount: number | null } };
  const upSeconds = (performance.now() - t) / 1000;
  if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${JSON.stringify(uploaded)}`);
  const afterUpload = memory(pid);

  t = performance.now();
  const down = await fetch(`${portal.baseUrl}/admin/job/${jobNumber}/files/${uploaded.file.id}`, {
    headers: { cookie },
  });
  let received = 0;
  for await (const part of down.body as unknown as AsyncIterable<Uint8Array>)
    received += part.length;
  const downSeconds = (performance.now() - t) / 1000;
  const afterDownload = memory(pid);
  if (received !== sent) throw new Error(`downloaded ${received} of ${sent} bytes`);

  const mb = sent / MB;
  console.log(
    `file: ${mb.toFixed(1)} MB PDF (${uploaded.file.pageCount} pages read by the preview)`,
  );
  console.log(`upload:   ${upSeconds.toFixed(2)} s, ${(mb / upSeconds).toFixed(1)} MB/s`);
  console.log(`download: ${downSeconds.toFixed(2)} s, ${(mb / downSeconds).toFixed(1)} MB/s`);
  console.log(
    `server RSS MB (now / peak since start): before ${before.rss} / ${before.peak}, after upload ${afterUpload.rss} / ${afterUpload.peak}, after download ${afterDownload.rss} / ${afterDownload.peak}`,
  );
  console.log(
    `| ${new Date().toISOString().slice(0, 10)} | ${mb.toFixed(1)} MB | ${upSeconds.toFixed(2)} s (${(mb / upSeconds).toFixed(1)} MB/s) | ${downSeconds.toFixed(2)} s (${(mb / downSeconds).toFixed(1)} MB/s) | ${before.rss} / ${before.peak} | ${afterUpload.rss} / ${afterUpload.peak} | ${afterDownload.rss} / ${afterDownload.peak} |`,
  );
} finally {
  await portal.stop();
}
