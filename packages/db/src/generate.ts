import { sql } from "kysely";
import type { Db } from "./client.ts";
import { DEMO_JOB_TEMPLATES } from "./demo-data.ts";
import { generateActivity } from "./generate-activity.ts";
import { type ConversationResult, generateConversations } from "./generate-conversations.ts";
import { hashPassword } from "./passwords.ts";
import { JOB_STATUSES, type JobStatus } from "./schema.ts";

export const BENCH_CUSTOMER_PASSWORD = "bench-customer-pass";

export interface GenerateOptions {
  customers: number;
  jobs: number;
  /** Rows per multi-row insert. */
  chunkSize?: number;
  now?: Date;
  onProgress?: (message: string) => void;
}

export interface GenerateResult {
  customers: number;
  jobs: number;
  history: number;
  /** Portal sign-ins and job views in the audit log, and ratings (generate-activity.ts). */
  auditRows: number;
  ratings: number;
  /** Messages on jobs and quote requests (generate-conversations.ts). */
  conversations: ConversationResult;
  /** Email of the first generated customer, e.g. for benchmarks that sign in. */
  firstCustomerEmail: string;
  /** The tag that makes this run's emails unique (`c<n>.<tag>@bench.example`). */
  tag: string;
  ms: number;
}

const DAY = 86_400_000;
const PROGRESS: Record<JobStatus, number> = {
  not_started: 0,
  in_progress: 40,
  quality_check: 90,
  ready_for_pickup: 100,
  completed: 100,
};

export function benchCustomerEmail(n: number, tag: string): string {
  return `c${n}.${tag}@bench.example`;
}

/**
 * Fills a database for benchmarks: `customers` customers (all with the portal password
 * BENCH_CUSTOMER_PASSWORD) and `jobs` jobs spread over them (70% completed), each with its status
 * history. Uses multi-row `unnest` inserts in chunks, so 100,000 jobs take seconds.
 */
export async function generateBulkData(db: Db, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const chunk = options.chunkSize ?? 5_000;
  const now = options.now?.getTime() ?? Date.now();
  const tag = Date.now().toString(36);
  const log = options.onProgress ?? (() => {});
  // One hash for every bench customer: hashing 10,000 passwords would take minutes.
  const passwordHash = await hashPassword(BENCH_CUSTOMER_PASSWORD);

  const customerIds: number[] = [];
  for (let start = 0; start < options.customers; start += chunk) {
    const n = Math.min(chunk, options.customers - start);
    const idx = Array.from({ length: n }, (_, i) => start + i + 1);
    const result = await sql<{ id: number }>`
      insert into customers (name, company, email, password_hash, portal_last_login)
      select 'Customer ' || i, case when i % 3 = 0 then 'Company ' || i end,
             e, ${passwordHash}, case when i % 2 = 0 then now() - (i % 120) * interval '1 day' end
      from unnest(${idx}::int[], ${idx.map((i) => benchCustomerEmail(i, tag))}::text[]) as t(i, e)
      returning id`.execute(db);
    for (const row of result.rows) customerIds.push(row.id);
    log(`customers ${customerIds.length}/${options.customers}`);
  }
  if (customerIds.length === 0 && options.jobs > 0) {
    throw new Error("Generating jobs needs at least one customer");
  }

  let jobs = 0;
  let history = 0;
  let firstJobId = Number.MAX_SAFE_INTEGER;
  const jobIds: number[] = [];
  for (let start = 0; start < options.jobs; start += chunk) {
    const n = Math.min(chunk, options.jobs - start);
    const cols = {
      customer: [] as number[],
      title: [] as string[],
      description: [] as string[],
      quantity: [] as number[],
      status: [] as string[],
      progress: [] as number[],
      created: [] as string[],
      completed: [] as (string | null)[],
      estimated: [] as string[],
    };
    for (let i = 0; i < n; i++) {
      const k = start + i;
      const template = DEMO_JOB_TEMPLATES[k % DEMO_JOB_TEMPLATES.length]!;
      const status: JobStatus = k % 10 < 7 ? "completed" : JOB_STATUSES[k % 4]!;
      const created = now - (1 + (k % 700)) * DAY;
      const completed = status === "completed" ? created + (3 + (k % 10)) * DAY : null;
      cols.customer.push(customerIds[(k * 7919) % customerIds.length]!);
      cols.title.push(`${template.title} #${k + 1}`);
      cols.description.push(template.description);
      cols.quantity.push(template.quantity);
      cols.status.push(status);
      cols.progress.push(PROGRESS[status]);
      cols.created.push(new Date(created).toISOString());
      cols.completed.push(completed === null ? null : new Date(completed).toISOString());
      // Active jobs due from 5 days ago to 29 days ahead, spread within every status.
      const due = completed ?? now + ((Math.floor(k / 4) % 35) - 5) * DAY;
      cols.estimated.push(new Date(due).toISOString().slice(0, 10));
    }
    const inserted = await sql<{ id: number; status: JobStatus; created_at: Date }>`
      insert into jobs (customer_id, title, description, quantity, status, progress_percentage,
                        created_at, updated_at, completed_at, estimated_completion)
      select c, t, d, q, s, p, cr, coalesce(co, cr), co, e
      from unnest(${cols.customer}::bigint[], ${cols.title}::text[], ${cols.description}::text[],
                  ${cols.quantity}::int[], ${cols.status}::text[], ${cols.progress}::smallint[],
                  ${cols.created}::timestamptz[], ${cols.completed}::timestamptz[],
                  ${cols.estimated}::date[]) as t(c, t, d, q, s, p, cr, co, e)
      returning id, status, created_at`.execute(db);
    jobs += inserted.rows.length;
    for (const row of inserted.rows) firstJobId = Math.min(firstJobId, Number(row.id));
    for (const row of inserted.rows) jobIds.push(row.id);

    const h = {
      job: [] as number[],
      status: [] as string[],
      progress: [] as number[],
      at: [] as string[],
    };
    for (const job of inserted.rows) {
      const reached = JOB_STATUSES.indexOf(job.status);
      for (let step = 0; step <= reached; step++) {
        const s = JOB_STATUSES[step]!;
        h.job.push(job.id);
        h.status.push(s);
        h.progress.push(PROGRESS[s]);
        h.at.push(new Date(job.created_at.getTime() + step * DAY).toISOString());
      }
    }
    await sql`
      insert into job_status_history (job_id, status, progress_percentage, notes, created_at, updated_at)
      select j, s, p, 'Status changed to ' || replace(s, '_', ' '), a, a
      from unnest(${h.job}::bigint[], ${h.status}::text[], ${h.progress}::smallint[],
                  ${h.at}::timestamptz[]) as t(j, s, p, a)`.execute(db);
    history += h.job.length;
    log(`jobs ${jobs}/${options.jobs}, history ${history}`);
  }
  await sql`analyze customers, jobs, job_status_history`.execute(db);
  const activity = await generateActivity(db, { customerIds, firstJobId, now: new Date(now) });
  log(`audit rows ${activity.auditRows}, ratings ${activity.ratings}`);
  const conversations = await generateConversations(db, jobIds, customerIds);
  log(`messages ${conversations.messages}, quote requests ${conversations.quoteRequests}`);

  return {
    customers: customerIds.length,
    jobs,
    history,
    ...activity,
    conversations,
    firstCustomerEmail: benchCustomerEmail(1, tag),
    tag,
    ms: Math.round(performance.now() - started),
  };
}
