/**
 * Issue 13 through the real HTTP server: the built portal over real PostgreSQL (the demo shop),
 * files uploaded as browsers and the console send them, downloaded with ranges and ETags, refused
 * when they must be, and never shown to a customer they are not for.
 */
import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdfBuffer } from "../../../../packages/api/src/testing/make-pdf.ts";
import { DEMO_ADMIN, DEMO_CUSTOMER, portalQuery, signInTo } from "../testing/portal-http.ts";
import { type PortalProcess, startPortal } from "../testing/portal-process.ts";

const CUSTOMER = DEMO_CUSTOMER;
const ADMIN = DEMO_ADMIN;
const MARKER = "INTERNAL-FILE-MARKER-81f0";
let portal: PortalProcess;
let mariaJob: string;
let otherJob: string;
let maria: string;
let admin: string;
let other: string;

const db = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  portalQuery<T>(portal, text, values);

const signIn = (form: Record<string, string>) => signInTo(portal, form);

async function stored() {
  const [row] = await db<{ files: string; blobs: string; chunks: string }>(
    `select (select count(*) from job_files) as files, (select count(*) from file_blobs) as blobs,
            (select count(*) from file_chunks) as chunks`,
  );
  return row;
}

function form(
  fields: Record<string, string>,
  file?: { name: string; bytes: Buffer; type?: string },
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file)
    body.append(
      "file",
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }),
      file.name,
    );
  return body;
}

function upload(
  path: string,
  cookie: string,
  body: FormData | ReadableStream,
  headers: Record<string, string> = {},
) {
  return fetch(`${portal.baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: portal.baseUrl, ...(cookie ? { cookie } : {}), ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

const get = (path: string, cookie: string, headers: Record<string, string> = {}) =>
  fetch(`${portal.baseUrl}${path}`, {
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), ...headers },
  });

async function fileIdByName(name: string) {
  const [row] = await db<{ id: string }>("select id from job_files where file_name = $1", [name]);
  return Number(row?.id);
}

beforeAll(async () => {
  portal = await startPortal({});
  maria = await signIn({ kind: "customer", ...CUSTOMER });
  admin = await signIn({ kind: "staff", ...ADMIN });
  const jobs = await db<{ job_number: string; email: string }>(
    `select j.job_number, c.email from jobs j join customers c on c.id = j.customer_id
      where j.deleted_at is null and c.portal_enabled and c.password_hash is not null
      order by j.id`,
  );
  mariaJob = jobs.find((j) => j.email === CUSTOMER.email)!.job_number;
  const someoneElse = jobs.find((j) => j.email !== CUSTOMER.email)!;
  otherJob = someoneElse.job_number;
  // Another customer with a known password: the demo's customers share one.
  other = await signIn({ kind: "customer", email: someoneElse.email, password: CUSTOMER.password });
}, 120_000);

afterAll(async () => {
  if (process.env.DEBUG_PORTAL) console.log(portal?.log().slice(-4000));
  await portal?.stop();
}, 30_000);

describe("file routes", { timeout: 60_000 }, () => {
  it("a customer uploads with a plain form; the file downloads intact, inline, with ETag and ranges", async () => {
    const png = await sharp({
      create: { width: 500, height: 300, channels: 3, background: "#3366cc" },
    })
      .png()
      .toBuffer();
    const res = await upload(
      `/customer/job/${mariaJob}/files`,
      maria,
      form(
        { caption: "Our logo" },
        { name: "ünïcode logo.png", bytes: png, type: "application/pdf" },
      ),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(
      new RegExp(`^/customer/job/${mariaJob}\\?uploaded=\\d+#files$`),
    );
    const id = await fileIdByName("ünïcode logo.png");
    const page = await (await get(`/customer/job/${mariaJob}?uploaded=${id}`, maria)).text();
    expect(page).toContain("Your file was uploaded");
    expect(page).toContain("ünïcode logo.png");
    expect(page).toContain("Our logo");
    const file = await get(`/customer/job/${mariaJob}/files/${id}`, maria);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-disposition")).toBe(
      `inline; filename="_n_code logo.png"; filename*=UTF-8''%C3%BCn%C3%AFcode%20logo.png`,
    );
    expect(file.headers.get("cache-control")).toBe("private, no-cache, no-transform");
    expect(file.headers.get("accept-ranges")).toBe("bytes");
    const etag = file.headers.get("etag");
    expect(etag).toBe(`"${createHash("sha256").update(png).digest("hex")}"`);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect(
      (await get(`/customer/job/${mariaJob}/files/${id}`, maria, { "If-None-Match": etag! }))
        .status,
    ).toBe(304);
    const part = await get(`/customer/job/${mariaJob}/files/${id}`, maria, {
      Range: "bytes=100-199",
    });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${png.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(png.subarray(100, 200))).toBe(true);
    const beyond = await get(`/customer/job/${mariaJob}/files/${id}`, maria, {
      Range: `bytes=${png.length}-`,
    });
    expect(beyond.status).toBe(416);
    const thumb = await get(`/customer/job/${mariaJob}/files/${id}/thumb`, maria);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(400);
    const audit = await db(
      "select 1 from audit_log where action = 'customer.file.download' and target_id = $1",
      [String(id)],
    );
    expect(audit.length).toBe(2); // the full download and the 304 check; the range request is not a new download
  });

  it("a staff internal file never reaches the customer: page, download, thumbnail, another job's address, live events, emails", async () => {
    // The customer's live-update stream, open while staff upload.
    const live = new AbortController();
    let stream = "";
    const events = fetch(`${portal.baseUrl}/customer/events`, {
      headers: { cookie: maria, Accept: "text/event-stream" },
      signal: live.signal,
    })
      .then(async (res) => {
        for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
          stream += Buffer.from(part).toString("utf8");
        }
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    const pdf = await makePdfBuffer({ pages: 2, text: MARKER });
    const res = await upload(
      `/admin/job/${mariaJob}/files`,
      admin,
      form({ caption: `${MARKER} caption` }, { name: `${MARKER}.pdf`, bytes: pdf }),
    );
    expect(res.status).toBe(303);
    const id = await fileIdByName(`${MARKER}.pdf`);
    const [row] = await db<{ visible_to_customer: boolean; page_count: number }>(
      "select visible_to_customer, page_count from job_files where id = $1",
      [id],
    );
    expect(row).toEqual({ visible_to_customer: false, page_count: 2 });
    const staffCopy = await get(`/admin/job/${mariaJob}/files/${id}`, admin);
    expect(staffCopy.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(Buffer.from(await staffCopy.arrayBuffer()).equals(pdf)).toBe(true);
    const staffPage = await (await get(`/admin/job/${mariaJob}`, admin)).text();
    expect(staffPage).toContain(`${MARKER}.pdf`);
    for (const path of [
      `/customer/job/${mariaJob}`,
      `/customer/job/${mariaJob}/files/${id}`,
      `/customer/job/${mariaJob}/files/${id}/thumb`,
      `/customer/job/${otherJob}/files/${id}`,
      `/customer/dashboard`,
      `/api/trpc/customer.files?input=${encodeURIComponent(JSON.stringify({ jobNumber: mariaJob }))}`,
    ]) {
      const r = await get(path, maria);
      const text = await r.text();
      expect(text, path).not.toContain(MARKER);
      if (path.includes("/files/")) expect(r.status, path).toBe(404);
    }
    await new Promise((r) => setTimeout(r, 1500));
    live.abort();
    await events;
    expect(stream).toContain(": connected");
    expect(stream).not.toContain(MARKER);
    const emails = await db(
      `select id from email_outbox where subject like $1 or text_body like $1 or html_body like $1`,
      [`%${MARKER}%`],
    );
    expect(emails).toEqual([]);
  });

  it("another customer can neither download nor upload to this customer's job; nothing is stored", async () => {
    const [shared] = await db<{ id: string }>(
      `select f.id from job_files f join jobs j on j.id = f.job_id where j.job_number = $1 and f.visible_to_customer limit 1`,
      [mariaJob],
    );
    expect((await get(`/customer/job/${mariaJob}/files/${shared!.id}`, other)).status).toBe(404);
    expect((await get(`/customer/job/${otherJob}/files/${shared!.id}`, other)).status).toBe(404);
    const before = await stored();
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const res = await upload(
      `/customer/job/${mariaJob}/files`,
      other,
      form({}, { name: "x.png", bytes: png }),
    );
    expect(res.status).toBe(404);
    // Signed out, or a customer on the staff route.
    expect(
      (await upload(`/customer/job/${mariaJob}/files`, "", form({}, { name: "x.png", bytes: png })))
        .status,
    ).toBe(401);
    expect(
      (await upload(`/admin/job/${mariaJob}/files`, maria, form({}, { name: "x.png", bytes: png })))
        .status,
    ).toBe(403);
    expect((await get(`/admin/job/${mariaJob}/files/${shared!.id}`, maria)).status).toBe(403);
    // A foreign page posting the form: refused by the Origin check.
    const foreign = await fetch(`${portal.baseUrl}/customer/job/${mariaJob}/files`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: maria, Origin: "https://evil.example" },
      body: form({}, { name: "x.png", bytes: png }),
    });
    expect(foreign.status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it("refuses a wrong type (400), an empty form (400), too large (413, declared or streamed) with a clear message; nothing stored", async () => {
    const before = await stored();
    const text = await upload(
      `/customer/job/${mariaJob}/files`,
      maria,
      form(
        {},
        {
          name: "invoice.pdf",
          bytes: Buffer.from("MZ this is really an exe".repeat(300)),
          type: "application/pdf",
        },
      ),
    );
    expect(text.status).toBe(400);
    const page = await text.text();
    expect(page).toContain("This type of file is not accepted. Accepted: PDF, images");
    expect(page).toContain(`href="/customer/job/${mariaJob}#files"`);
    const none = await upload(
      `/customer/job/${mariaJob}/files`,
      maria,
      form({ caption: "no file" }),
    );
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Choose a file to upload.");
    const big = Buffer.alloc(101 * 1024 * 1024, 1);
    big.write("%PDF-1.4\n");
    const declared = await upload(
      `/customer/job/${mariaJob}/files`,
      maria,
      form({}, { name: "big.pdf", bytes: big }),
    );
    expect(declared.status).toBe(413);
    expect(await declared.text()).toContain("The file is larger than 100 MB.");
    // Streamed without a length: counted while it arrives, refused past 100 MB, partial bytes deleted.
    const boundary = "----traveler-test";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent === 0)
          controller.enqueue(new Uint8Array(Buffer.concat([head, Buffer.from("%PDF-1.4\n")])));
        if (sent >= big.length) {
          controller.enqueue(new Uint8Array(Buffer.from(`\r\n--${boundary}--\r\n`)));
          controller.close();
          return;
        }
        controller.enqueue(new Uint8Array(big.subarray(sent, sent + 1024 * 1024)));
        sent += 1024 * 1024;
      },
    });
    const streamed = await upload(`/customer/job/${mariaJob}/files`, maria, stream, {
      "Content-Type": `multipart/form-data; boundary=${boundary}`,
      Accept: "application/json",
    });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({
      error: { message: "The file is larger than 100 MB.", code: 413 },
    });
    expect(await stored()).toEqual(before);
  }, 120_000);

  it("the console uploads with its Bearer token and an idempotency key: a retry stores nothing twice", async () => {
    const token = admin.split("=")[1]!;
    const pdf = await makePdfBuffer({ pages: 1 });
    const before = await stored();
    const send = () =>
      fetch(`${portal.baseUrl}/admin/job/${mariaJob}/files`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          "Idempotency-Key": `console-test-${randomBytes(4).toString("hex")}`,
        },
        body: form(
          { visibleToCustomer: "true", caption: "From the console" },
          { name: "console.pdf", bytes: pdf },
        ),
      });
    const key = `console-retry-${randomBytes(4).toString("hex")}`;
    const again = () =>
      fetch(`${portal.baseUrl}/admin/job/${mariaJob}/files`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          "Idempotency-Key": key,
        },
        body: form({ caption: "retry" }, { name: "retry.pdf", bytes: pdf }),
      });
    const first = await send();
    expect(first.status).toBe(201);
    const body = (await first.json()) as {
      file: { visibleToCustomer: boolean; caption: string; pageCount: number };
      txid: string;
    };
    expect(body.file).toMatchObject({
      visibleToCustomer: true,
      caption: "From the console",
      pageCount: 1,
    });
    const [a, b] = await Promise.all([again(), again()]);
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { file: { id: number } }[];
    expect(ja!.file.id).toBe(jb!.file.id);
    const after = await stored();
    expect(Number(after!.files) - Number(before!.files)).toBe(2);
    expect(Number(after!.blobs) - Number(before!.blobs)).toBe(2);
  });

  it("staff change a caption, who sees a file and delete it with plain forms", async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#0a0" } })
      .png()
      .toBuffer();
    await upload(
      `/admin/job/${mariaJob}/files`,
      admin,
      form({}, { name: "toggle.png", bytes: png }),
    );
    const id = await fileIdByName("toggle.png");
    const post = (fields: Record<string, string>) =>
      fetch(`${portal.baseUrl}/admin/job/${mariaJob}/files/${id}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: admin,
          Origin: portal.baseUrl,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(fields),
      });
    expect((await get(`/customer/job/${mariaJob}/files/${id}`, maria)).status).toBe(404);
    const shown = await post({ intent: "visibility", visibleToCustomer: "true" });
    expect(shown.status).toBe(303);
    expect(shown.headers.get("location")).toBe(`/admin/job/${mariaJob}?file=visibility#files`);
    expect((await get(`/customer/job/${mariaJob}/files/${id}`, maria)).status).toBe(200);
    expect((await post({ intent: "caption", caption: "Green square" })).status).toBe(303);
    expect(await (await get(`/customer/job/${mariaJob}`, maria)).text()).toContain("Green square");
    expect((await post({ intent: "caption", caption: "x".repeat(501) })).status).toBe(400);
    expect((await post({ intent: "nonsense" })).status).toBe(400);
    expect((await post({ intent: "remove" })).status).toBe(303);
    expect((await get(`/customer/job/${mariaJob}/files/${id}`, maria)).status).toBe(404);
    expect((await get(`/admin/job/${mariaJob}/files/${id}`, admin)).status).toBe(404);
    expect((await post({ intent: "remove" })).status).toBe(404);
  });

  it("fuzzed addresses and fields on every file route, as anyone: never a 5xx, nothing written", async () => {
    const digest = async () =>
      JSON.stringify(
        await db(
          `select (select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from job_files t) as files,
                  (select md5(coalesce(string_agg(key || ':' || byte_size, '|' order by key), '')) from file_blobs) as blobs,
                  (select count(*) from file_chunks) as chunks`,
        ),
      );
    const before = await digest();
    const NASTY = ["%00", "%ED%A0%80", "J-2026-0001%27--", "9".repeat(40), "-1", "%25", "0", "1e3"];
    const failures: string[] = [];
    for (const cookie of ["", maria, admin]) {
      for (const side of ["admin", "customer"]) {
        for (const value of NASTY) {
          for (const path of [
            `/${side}/job/${value}/files`,
            `/${side}/job/${mariaJob}/files/${value}`,
            `/${side}/job/${mariaJob}/files/${value}/thumb`,
            `/${side}/job/${value}/files/1`,
          ]) {
            const g = await get(path, cookie, { Range: `bytes=${value}` });
            if (g.status >= 500) failures.push(`GET ${path} ${g.status}`);
            await g.arrayBuffer();
            const p = await fetch(`${portal.baseUrl}${path}`, {
              method: "POST",
              redirect: "manual",
              headers: {
                Origin: portal.baseUrl,
                ...(cookie ? { cookie } : {}),
                "Content-Type": "application/x-www-form-urlencoded",
              },
              body: `intent=${value}&caption=${value}&visibleToCustomer=${value}`,
            });
            if (p.status >= 500) failures.push(`POST ${path} ${p.status}`);
            await p.arrayBuffer();
            const m = await upload(
              path,
              cookie,
              form(
                { caption: decodeURIComponent(value.replace(/%ED%A0%80/, "")), fileName: "\u0000" },
                { name: value, bytes: Buffer.from("%PDF-") },
              ),
            );
            if (m.status >= 500) failures.push(`multipart ${path} ${m.status}`);
            await m.arrayBuffer();
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await digest()).toBe(before);
  }, 120_000);
});
