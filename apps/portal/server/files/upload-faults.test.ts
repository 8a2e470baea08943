/**
 * Issue 13, robustness: large uploads through the built portal over real PostgreSQL when the
 * database connection doing the upload is cut (pg_terminate_backend mid-upload), and while
 * another transaction stays open on the same tables. The client gets a clear answer, nothing
 * half-stored stays behind, the server keeps serving and a retry succeeds.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../../../packages/api/src/testing/make-pdf.ts";
import { DEMO_ADMIN, portalQuery, signInTo } from "../testing/portal-http.ts";
import { type PortalProcess, startPortal } from "../testing/portal-process.ts";

const MB = 1024 * 1024;
let portal: PortalProcess;
let admin: string;
let jobNumber: string;

const db = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  portalQuery<T>(portal, text, values);

async function stored() {
  const [row] = await db<{ files: string; blobs: string; chunks: string }>(
    `select (select count(*) from job_files) as files, (select count(*) from file_blobs) as blobs,
            (select count(*) from file_chunks) as chunks`,
  );
  return { files: Number(row?.files), blobs: Number(row?.blobs), chunks: Number(row?.chunks) };
}

/**
 * A staff upload of a `size`-byte PDF as a streamed multipart body. The body stops once
 * `pauseAfter` bytes are sent until `resume()` is called, so a test can act mid-upload.
 */
function streamedUpload(fileName: string, size: number, pauseAfter = Number.POSITIVE_INFINITY) {
  const boundary = `----traveler${Date.now()}`;
  let resume!: () => void;
  const resumed = new Promise<void>((resolve) => {
    resume = resolve;
  });
  let sent = 0;
  const parts = (async function* () {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nlarge\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        "Content-Type: application/pdf\r\n\r\n",
    );
    for await (const piece of makePdf({ pages: 1, padBytes: size })) {
      for (let i = 0; i < piece.length; i += 256 * 1024) {
        const slice = piece.subarray(i, i + 256 * 1024);
        if (sent < pauseAfter && sent + slice.length >= pauseAfter) {
          sent += slice.length;
          yield slice;
          await resumed;
          continue;
        }
        sent += slice.length;
        yield slice;
      }
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  })();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await parts.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
  });
  const response = fetch(`${portal.baseUrl}/admin/job/${jobNumber}/files`, {
    method: "POST",
    headers: {
      Origin: portal.baseUrl,
      cookie: admin,
      Accept: "application/json",
      "Content-Type": `multipart/form-data; boundary=${boundary}`,
    },
    body,
    duplex: "half",
    signal: AbortSignal.timeout(90_000),
  } as RequestInit);
  return { response, resume };
}

/** The number of chunks of the upload in progress (its blob is still incomplete). */
async function chunksInProgress() {
  const [row] = await db<{ n: string }>(
    `select count(*) as n from file_chunks c join file_blobs b on b.key = c.blob_key
      where b.completed_at is null`,
  );
  return Number(row?.n);
}

async function openClient() {
  const client = new pg.Client({ connectionString: portal.databaseUrl! });
  await client.connect();
  return client;
}

beforeAll(async () => {
  portal = await startPortal({});
  admin = await signInTo(portal, { kind: "staff", ...DEMO_ADMIN });
  const [job] = await db<{ job_number: string }>(
    "select job_number from jobs where deleted_at is null order by id limit 1",
  );
  jobNumber = job!.job_number;
}, 120_000);

afterAll(async () => {
  if (process.env.DEBUG_PORTAL) console.log(portal?.log().slice(-4000));
  await portal?.stop();
}, 30_000);

describe("uploads when the database misbehaves", { timeout: 180_000 }, () => {
  it("a cut database connection mid-upload: a clear 503, nothing stored, the retry succeeds", async () => {
    const before = await stored();
    const upload = streamedUpload("cut-connection.pdf", 40 * MB, 8 * MB);
    await expect.poll(chunksInProgress, { timeout: 30_000 }).toBeGreaterThan(0);
    // Hold the chunk table so the upload's next insert waits, then end that backend.
    const locker = await openClient();
    await locker.query("begin");
    await locker.query("lock table file_chunks in share mode");
    upload.resume();
    const watcher = await openClient();
    const waiting = async () =>
      (
        await watcher.query<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()
              and wait_event_type = 'Lock' and query ilike 'insert into "file_chunks"%'`,
        )
      ).rows;
    await expect.poll(async () => (await waiting()).length, { timeout: 30_000 }).toBe(1);
    const [victim] = await waiting();
    await watcher.query("select pg_terminate_backend($1)", [victim!.pid]);
    await locker.query("rollback");
    await locker.end();
    await watcher.end();

    const res = await upload.response;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.text()).toMatch(/cannot reach our records right now/);
    // Nothing half-stored stays behind: no row, no blob, no chunk.
    await expect.poll(stored, { timeout: 10_000 }).toEqual(before);

    // The server still serves, and the same upload again succeeds.
    expect((await fetch(`${portal.baseUrl}/readyz`)).status).toBe(200);
    const retry = streamedUpload("cut-connection.pdf", 40 * MB);
    const ok = await retry.response;
    expect(ok.status).toBe(201);
    const { file } = (await ok.json()) as { file: { id: number; byteSize: number } };
    expect(file.byteSize).toBeGreaterThan(40 * MB);
    const after = await stored();
    expect(after.files).toBe(before.files + 1);
    expect(after.blobs).toBe(before.blobs + 1);
    const [blob] = await db<{ byte_size: string; completed: boolean }>(
      `select b.byte_size, b.completed_at is not null as completed
         from job_files f join file_blobs b on b.key = f.storage_key where f.id = $1`,
      [file.id],
    );
    expect(blob).toEqual({ byte_size: String(file.byteSize), completed: true });
  });

  it("another transaction held open on the same tables does not stop an upload", async () => {
    const before = await stored();
    // Another writer's transaction: a blob with a chunk and an update of an existing file row,
    // left open for the whole upload.
    const other = await openClient();
    await other.query("begin");
    await other.query(
      `insert into file_blobs (key, content_type, chunk_size) values ($1, 'application/zip', 4)`,
      ["e".repeat(32)],
    );
    await other.query(
      `insert into file_chunks (blob_key, seq, data) values ($1, 0, '\\x504b0304'::bytea)`,
      ["e".repeat(32)],
    );
    await other.query(
      "update job_files set caption = 'held open' where id = (select min(id) from job_files)",
    );
    try {
      const upload = streamedUpload("beside-open-transaction.pdf", 30 * MB);
      const res = await upload.response;
      expect(res.status).toBe(201);
      expect((await stored()).files).toBe(before.files + 1);
    } finally {
      await other.query("rollback");
      await other.end();
    }
    const after = await stored();
    expect(after.blobs).toBe(before.blobs + 1);
  });
});
