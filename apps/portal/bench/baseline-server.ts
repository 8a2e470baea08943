/**
 * The bare baseline for the portal benchmark: node:http + pg, no framework, doing the same work
 * per page as the portal (resolve the session cookie, the same queries, the audit insert on the
 * job page) and writing comparable HTML with template strings. What the portal costs on top of
 * this is the price of its framework and safety; the benchmark prints the ratio.
 *
 *   tsx bench/baseline-server.ts <database url>   -> prints "BASELINE <port>"
 */
import { createHash } from "node:crypto";
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.argv[2], max: 10 });
pool.on("error", () => {});

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const LABELS: Record<string, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  quality_check: "Quality check",
  ready_for_pickup: "Ready for pickup",
  completed: "Completed",
};
const day = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

async function customerOf(req: http.IncomingMessage) {
  const token = /(?:^|;\s*)traveler_session=([a-z2-7]{32})/.exec(req.headers.cookie ?? "")?.[1];
  if (!token) return null;
  const id = createHash("sha256").update(token).digest("hex");
  const { rows } = await pool.query(
    `select c.id, c.name from sessions s join customers c on c.id = s.subject_id
      where s.id = $1 and s.subject_type = 'customer' and s.expires_at > now()
        and s.idle_expires_at > now() and c.deleted_at is null`,
    [id],
  );
  return (rows[0] as { id: number; name: string } | undefined) ?? null;
}

function page(title: string, body: string) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><link rel="stylesheet" href="/assets/root.css"></head><body><header class="site-header"><div class="container"><a href="/customer/dashboard">Northside Print &amp; Sign</a></div></header><main id="main" class="container py-3">${body}</main><footer class="container">customer portal</footer></body></html>`;
}

async function dashboard(customer: { id: number; name: string }) {
  const [{ rows: jobs }, { rows: shop }] = await Promise.all([
    pool.query(
      `select job_number, title, description, status, progress_percentage, estimated_completion::text,
              quantity, special_instructions, updated_at
         from jobs where customer_id = $1 and deleted_at is null and status <> 'completed'
        order by estimated_completion asc nulls last, job_number`,
      [customer.id],
    ),
    pool.query("select shop_name, phone, email from shop_settings where id = 1"),
  ]);
  void shop;
  const cards = jobs
    .map(
      (j) =>
        `<li class="col"><article class="card job-card"><div class="card-body"><p class="small">${esc(j.job_number)}</p><span class="badge">${LABELS[j.status]}</span><h2 class="h5"><a href="/customer/job/${esc(j.job_number)}">${esc(j.title)}</a></h2><p>${esc(j.description)}</p><div class="progress" role="progressbar" aria-valuenow="${j.progress_percentage}"><div class="progress-bar" style="width:${j.progress_percentage}%"></div></div><dl><dt>Estimated completion</dt><dd>${j.estimated_completion ? day.format(new Date(`${j.estimated_completion}T12:00:00Z`)) : "Not scheduled yet"}</dd><dt>Quantity</dt><dd>${j.quantity}</dd><dt>Last update</dt><dd>${esc(new Date(j.updated_at).toISOString())}</dd></dl><a class="btn" href="/customer/job/${esc(j.job_number)}">View details</a></div></article></li>`,
    )
    .join("");
  return page(
    "Your active jobs",
    `<h1 class="h3">Your active jobs</h1><p>Hello ${esc(customer.name)}. ${jobs.length} jobs are in progress with us.</p><ul class="list-unstyled row">${cards}</ul>`,
  );
}

async function job(customer: { id: number; name: string }, number: string) {
  const { rows } = await pool.query(
    `select id, job_number, title, description, status, progress_percentage, quantity,
            special_instructions, specifications, customer_notes, estimated_completion::text,
            created_at, updated_at, completed_at
       from jobs where job_number = $1 and customer_id = $2 and deleted_at is null`,
    [number, customer.id],
  );
  const j = rows[0];
  if (!j) return null;
  const [{ rows: history }, { rows: photos }] = await Promise.all([
    pool.query(
      `select status, progress_percentage, notes, created_at from job_status_history
        where job_id = $1 and visible_to_customer and deleted_at is null
        order by created_at desc, id desc`,
      [j.id],
    ),
    pool.query(
      `select id, caption, width, height, created_at from job_photos
        where job_id = $1 and visible_to_customer and deleted_at is null order by created_at, id`,
      [j.id],
    ),
  ]);
  await pool.query(
    `insert into audit_log (actor_type, actor_id, action, target_type, target_id, details)
     values ('customer', $1, 'customer.job.view', 'job', $2, '{}')`,
    [customer.id, j.job_number],
  );
  const timeline = history
    .map(
      (h) =>
        `<li><strong>${LABELS[h.status]}</strong>${h.progress_percentage !== null ? ` · ${h.progress_percentage}%` : ""}<p>${esc(h.notes)}</p><time>${esc(new Date(h.created_at).toISOString())}</time></li>`,
    )
    .join("");
  const specs = (j.specifications as { name: string; value: string }[])
    .map((s) => `<dt>${esc(s.name)}</dt><dd>${esc(s.value)}</dd>`)
    .join("");
  return page(
    j.title,
    `<h1 class="h3">${esc(j.title)}</h1><span class="badge">${LABELS[j.status]}</span><p>${esc(j.job_number)}</p><div class="card"><div class="card-body"><h2 class="h5">Details</h2><dl><dt>Quantity</dt><dd>${j.quantity}</dd>${specs}</dl><p>${esc(j.description)}</p><p>${esc(j.special_instructions)}</p><p>${esc(j.customer_notes)}</p></div></div><div class="card"><div class="card-body"><h2 class="h5">Progress updates</h2><ol>${timeline}</ol></div></div><p>${photos.length} photos</p>`,
  );
}

const server = http.createServer(async (req, res) => {
  try {
    const customer = await customerOf(req);
    if (!customer) {
      res.writeHead(302, { location: "/login" }).end();
      return;
    }
    const url = req.url ?? "/";
    const html =
      url === "/customer/dashboard"
        ? await dashboard(customer)
        : url.startsWith("/customer/job/")
          ? await job(customer, decodeURIComponent(url.slice(14)))
          : null;
    if (html === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
    });
    res.end(html);
  } catch {
    res.writeHead(500).end();
  }
});
server.listen(0, "127.0.0.1", () => {
  console.log(`BASELINE ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
