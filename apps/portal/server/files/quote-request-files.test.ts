/**
 * Issue 14 through the real HTTP server: the built portal over real PostgreSQL (the demo shop).
 * A customer's quote request form carries files (multipart, no script); a wrong type is refused
 * with nothing stored; the files download for their customer and staff, never for another
 * customer; converting the request makes them the job's files.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdfBuffer } from "../../../../packages/api/src/testing/make-pdf.ts";
import { DEMO_ADMIN, DEMO_CUSTOMER, portalQuery, signInTo } from "../testing/portal-http.ts";
import { type PortalProcess, startPortal } from "../testing/portal-process.ts";

const CUSTOMER = DEMO_CUSTOMER;
const ADMIN = DEMO_ADMIN;
let portal: PortalProcess;
let maria: string;
let admin: string;
let other: string;

const db = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  portalQuery<T>(portal, text, values);
const signIn = (form: Record<string, string>) => signInTo(portal, form);

async function counts() {
  const [row] = await db<{ requests: string; files: string; blobs: string }>(
    `select (select count(*) from quote_requests) as requests,
            (select count(*) from quote_request_files) as files,
            (select count(*) from file_blobs) as blobs`,
  );
  return row;
}

function requestForm(fields: Record<string, string>, files: { name: string; bytes: Buffer }[]) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append("files", new Blob([new Uint8Array(f.bytes)]), f.name);
  return body;
}

const post = (path: string, cookie: string, body: FormData, origin = portal.baseUrl) =>
  fetch(`${portal.baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, cookie },
    body,
  });

const get = (path: string, cookie: string) =>
  fetch(`${portal.baseUrl}${path}`, { redirect: "manual", headers: { cookie } });

beforeAll(async () => {
  portal = await startPortal({});
  maria = await signIn({ kind: "customer", ...CUSTOMER });
  admin = await signIn({ kind: "staff", ...ADMIN });
  const [someoneElse] = await db<{ email: string }>(
    `select email from customers where portal_enabled and password_hash is not null
       and email <> $1 order by id limit 1`,
    [CUSTOMER.email],
  );
  other = await signIn({
    kind: "customer",
    email: someoneElse!.email,
    password: CUSTOMER.password,
  });
}, 120_000);

afterAll(async () => {
  if (process.env.DEBUG_PORTAL) console.log(portal?.log().slice(-4000));
  await portal?.stop();
}, 30_000);

describe("files on a quote request", { timeout: 60_000 }, () => {
  it("sends files with the request; they show and download for the customer and staff, never another customer; conversion makes them the job's", async () => {
    const pdf = await makePdfBuffer({ pages: 2 });
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: "#cc3366" },
    })
      .png()
      .toBuffer();
    const res = await post(
      "/customer/quotes/new",
      maria,
      requestForm({ what: "Shop sign with files", quantity: "2", notes: "See the drawing" }, [
        { name: "drawing.pdf", bytes: pdf },
        { name: "logo.png", bytes: png },
      ]),
    );
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    const requestNumber = /\/customer\/quotes\/(Q-\d+)\?sent=1$/.exec(location)?.[1];
    expect(requestNumber).toBeTruthy();
    const files = await db<{ id: string; file_name: string; content_type: string }>(
      `select f.id, f.file_name, f.content_type from quote_request_files f
         join quote_requests q on q.id = f.request_id where q.request_number = $1 order by f.id`,
      [requestNumber],
    );
    expect(files.map((f) => [f.file_name, f.content_type])).toEqual([
      ["drawing.pdf", "application/pdf"],
      ["logo.png", "image/png"],
    ]);
    const pdfId = files[0]!.id;

    const page = await (await get(`/customer/quotes/${requestNumber}`, maria)).text();
    expect(page).toContain("drawing.pdf");
    expect(page).toContain(`/customer/quotes/${requestNumber}/files/${pdfId}?download=1`);
    const staffPage = await (await get(`/admin/requests/${requestNumber}`, admin)).text();
    expect(staffPage).toContain(`/admin/requests/${requestNumber}/files/${pdfId}?download=1`);

    const mine = await get(`/customer/quotes/${requestNumber}/files/${pdfId}`, maria);
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).equals(pdf)).toBe(true);
    const staff = await get(`/admin/requests/${requestNumber}/files/${pdfId}`, admin);
    expect(staff.status).toBe(200);
    expect(Buffer.from(await staff.arrayBuffer()).equals(pdf)).toBe(true);

    // Another customer: the same "not found" as a file that does not exist; nothing sent.
    const theirs = await get(`/customer/quotes/${requestNumber}/files/${pdfId}`, other);
    expect(theirs.status).toBe(404);
    expect((await theirs.text()).includes("%PDF")).toBe(false);
    const theirPage = await get(`/customer/quotes/${requestNumber}`, other);
    expect(theirPage.status).toBe(404);
    // A customer is not staff; an anonymous visitor is no one.
    expect((await get(`/admin/requests/${requestNumber}/files/${pdfId}`, maria)).status).toBe(403);
    expect((await get(`/customer/quotes/${requestNumber}/files/${pdfId}`, "")).status).toBe(401);

    // Converted: the files are the job's (same bytes), no longer the request's.
    const [request] = await db<{ id: string }>(
      "select id from quote_requests where request_number = $1",
      [requestNumber],
    );
    const convert = new FormData();
    convert.append("intent", "convert");
    convert.append("idempotencyKey", crypto.randomUUID());
    const converted = await post(`/admin/requests/${requestNumber}`, admin, convert);
    expect([302, 303]).toContain(converted.status);
    const [job] = await db<{ job_number: string; id: string }>(
      "select j.job_number, j.id from jobs j join quote_requests q on q.job_id = j.id where q.id = $1",
      [request!.id],
    );
    expect(job).toBeDefined();
    const jobFiles = await db<{ id: string; file_name: string }>(
      "select id, file_name from job_files where job_id = $1 order by id",
      [job!.id],
    );
    expect(jobFiles.map((f) => f.file_name)).toEqual(["drawing.pdf", "logo.png"]);
    const onJob = await get(`/customer/job/${job!.job_number}/files/${jobFiles[0]!.id}`, maria);
    expect(onJob.status).toBe(200);
    expect(Buffer.from(await onJob.arrayBuffer()).equals(pdf)).toBe(true);
    expect(
      await db("select 1 from quote_request_files where request_id = $1", [request!.id]),
    ).toEqual([]);
  });

  it("a file of the wrong type refuses the whole request with a clear 400, and nothing is stored", async () => {
    const before = await counts();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const res = await post(
      "/customer/quotes/new",
      maria,
      requestForm({ what: "Refused request", quantity: "1" }, [
        { name: "fine.png", bytes: png },
        { name: "tool.exe", bytes: Buffer.from("MZ\u0090\u0000 not a drawing at all") },
      ]),
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/not a file type|type/i);
    expect(page).toContain('value="Refused request"');
    expect(await counts()).toEqual(before);
  });

  it("a bad field refuses the request and keeps no file; a foreign Origin is refused", async () => {
    const before = await counts();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    const bad = await post(
      "/customer/quotes/new",
      maria,
      requestForm({ what: "", quantity: "0" }, [{ name: "a.png", bytes: png }]),
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose the files again");
    const foreign = await post(
      "/customer/quotes/new",
      maria,
      requestForm({ what: "From elsewhere", quantity: "1" }, [{ name: "a.png", bytes: png }]),
      "https://evil.example",
    );
    expect(foreign.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
