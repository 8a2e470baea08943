import type { InboxThread, ThreadMessage } from "@traveler/api/schemas";
import type { QueuedAttachment } from "../procedures.ts";
import type { CacheDb } from "./database.ts";

/**
 * The console's Inbox from the mirror (works offline): conversations whose last word is the
 * customer's, the longest-waiting first, and a job's thread with the replies still queued in
 * the outbox shown as pending (they reach the server when the console is online).
 */

interface InboxRow {
  job_number: string;
  title: string;
  customer_name: string | null;
  unread: number;
  waiting_since: string | null;
  last_at: string;
  last_author: "customer" | "staff";
  last_body: string;
}

export function inbox(
  db: CacheDb,
  options: { includeAnswered?: boolean } = {},
): {
  threads: InboxThread[];
  unreadTotal: number;
} {
  const rows = db
    .prepare(
      `with per_job as (
         select job_id,
                max(case when author_type = 'staff' then created_at end) as last_staff,
                max(created_at) as last_at,
                sum(case when author_type = 'customer' and read_at is null then 1 else 0 end) as unread
         from job_messages where deleted_at is null group by job_id
       ), threads as (
         select p.job_id, p.last_at, p.unread,
                (select min(m.created_at) from job_messages m
                  where m.job_id = p.job_id and m.deleted_at is null and m.author_type = 'customer'
                    and m.created_at > coalesce(p.last_staff, '')) as waiting_since
         from per_job p
       )
       select j.job_number, j.title, c.name as customer_name, t.unread, t.waiting_since, t.last_at,
              (select author_type from job_messages m where m.job_id = t.job_id and m.deleted_at is null
                order by m.created_at desc, m.id desc limit 1) as last_author,
              (select substr(body, 1, 200) from job_messages m where m.job_id = t.job_id
                and m.deleted_at is null order by m.created_at desc, m.id desc limit 1) as last_body
       from threads t
       join jobs j on j.id = t.job_id and j.deleted_at is null
       left join customers c on c.id = j.customer_id
       where t.waiting_since is not null or ?
       order by t.waiting_since is null, t.waiting_since, t.last_at desc
       limit 500`,
    )
    .all(options.includeAnswered ? 1 : 0) as InboxRow[];
  // A reply queued here answers the conversation already (the server agrees once it is pushed).
  const queued = new Set(
    (
      db
        .prepare("select entity_key from outbox where procedure = 'staff.messages.reply'")
        .all() as { entity_key: string }[]
    ).map((r) => r.entity_key),
  );
  const threads = rows
    .filter((r) => options.includeAnswered || !queued.has(r.job_number))
    .map((r) => ({
      jobNumber: r.job_number,
      jobTitle: r.title,
      customerName: r.customer_name ?? "",
      unread: r.unread,
      waitingSince: queued.has(r.job_number) ? null : r.waiting_since,
      lastMessageAt: r.last_at,
      lastAuthor: r.last_author,
      lastBody: r.last_body,
    }));
  return { threads, unreadTotal: threads.reduce((n, t) => n + t.unread, 0) };
}

export type ConsoleMessage = ThreadMessage & { pending: boolean };

/** A job's thread, oldest first, then the replies still waiting in the outbox. */
export function thread(db: CacheDb, jobNumber: string): ConsoleMessage[] {
  const rows = db
    .prepare(
      `select m.id, m.author_type, c.name as customer_name, s.display_name as staff_name, m.body,
              m.created_at, m.read_at
       from job_messages m join jobs j on j.id = m.job_id
       left join customers c on c.id = m.author_customer_id
       left join staff_users s on s.id = m.author_staff_id
       where j.job_number = ? and m.deleted_at is null
       order by m.created_at, m.id`,
    )
    .all(jobNumber) as {
    id: number;
    author_type: "customer" | "staff";
    customer_name: string | null;
    staff_name: string | null;
    body: string;
    created_at: string;
    read_at: string | null;
  }[];
  const files = db.prepare(
    `select id, file_name, byte_size from job_files
     where message_id = ? and deleted_at is null order by id`,
  );
  const pending = db
    .prepare(
      "select id, input, created_at from outbox where procedure = 'staff.messages.reply' and entity_key = ? order by id",
    )
    .all(jobNumber) as { id: number; input: string; created_at: string }[];
  return [
    ...rows.map((m) => ({
      id: m.id,
      author: m.author_type,
      authorName: (m.author_type === "customer" ? m.customer_name : m.staff_name) ?? "",
      body: m.body,
      createdAt: m.created_at,
      readAt: m.read_at,
      attachments: (files.all(m.id) as { id: number; file_name: string; byte_size: number }[]).map(
        (f) => ({ id: f.id, fileName: f.file_name, byteSize: f.byte_size }),
      ),
      pending: false,
    })),
    ...pending.map((p) => {
      const input = JSON.parse(p.input) as { body: string; attachments?: QueuedAttachment[] };
      return {
        id: -p.id,
        author: "staff" as const,
        authorName: "You",
        body: input.body,
        createdAt: p.created_at,
        readAt: null,
        // Files still waiting to upload: no server id yet (negative: not downloadable).
        attachments: (input.attachments ?? []).map((a) => ({
          id: -a.uploadId,
          fileName: a.fileName,
          byteSize: a.byteSize,
        })),
        pending: true,
      };
    }),
  ];
}
