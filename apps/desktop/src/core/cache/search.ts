import type { CacheDb } from "./database.ts";
import { getState, setState } from "./sync-state.ts";

/**
 * Job search (ARCHITECTURE §4): an FTS5 index over job number, title, description and the
 * customer's name and company. A bootstrap fills the mirror without it; the index is then built
 * in chunks (buildSearchIndex) and searches use LIKE until it is done.
 */

/** FTS5 match expression: every word as a prefix, all required. */
export function ftsQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(" ");
}

/** How a job query finds its matches: FTS once the index is built, LIKE until then. */
export type JobSearch =
  | { kind: "fts"; match: string }
  | { kind: "like"; where: string; params: string[] }
  | null;

export function jobSearch(db: CacheDb, q: string | undefined): JobSearch {
  if (!q) return null;
  // Until the search index is built (right after a first sign-in), search by LIKE.
  if (q.trim() && getState(db, "fts_pending") !== null) {
    const like = `%${q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    return {
      kind: "like",
      where:
        "(j.job_number like ? escape '\\' or j.title like ? escape '\\' or j.description like ? escape '\\' or j.customer_id in (select id from customers where name like ? escape '\\'))",
      params: [like, like, like, like],
    };
  }
  const match = ftsQuery(q);
  return match ? { kind: "fts", match } : null;
}

/** A bootstrap leaves the index for later: built from the first job on (buildSearchIndex). */
export function deferSearchIndex(db: CacheDb): void {
  setState(db, "fts_pending", "0");
}

/**
 * Builds the search index after a bootstrap, one chunk of jobs (by id) per call, so the console
 * stays responsive; until it is done, searches fall back to LIKE. Returns true when more remain.
 * Jobs changed by later pulls meanwhile are indexed as they arrive (insert or replace).
 */
export function buildSearchIndex(db: CacheDb, chunk = 10_000): boolean {
  const from = getState(db, "fts_pending");
  if (from === null) return false;
  return db.transaction(() => {
    const ids = db
      .prepare("select id from jobs where id > ? order by id limit ?")
      .pluck()
      .all(Number(from), chunk) as number[];
    if (ids.length === 0) {
      setState(db, "fts_pending", null);
      return false;
    }
    db.prepare(
      `insert or replace into jobs_fts (rowid, job_number, title, description, customer_name)
       select j.id, j.job_number, j.title, j.description,
              coalesce(c.name, '') || ' ' || coalesce(c.company, '')
         from jobs j left join customers c on c.id = j.customer_id
        where j.id >= ? and j.id <= ? and j.deleted_at is null`,
    ).run(ids[0], ids[ids.length - 1]);
    setState(db, "fts_pending", String(ids[ids.length - 1]));
    return true;
  })();
}

/** Brings the index entries of these jobs up to date (a deleted job leaves the index). */
export function reindexJobs(db: CacheDb, ids: number[]): void {
  if (ids.length === 0) return;
  const remove = db.prepare("delete from jobs_fts where rowid = ?");
  const read = db.prepare(
    `select j.job_number, j.title, j.description, coalesce(c.name, '') || ' ' || coalesce(c.company, '') as customer_name, j.deleted_at
     from jobs j left join customers c on c.id = j.customer_id where j.id = ?`,
  );
  const insert = db.prepare(
    "insert into jobs_fts (rowid, job_number, title, description, customer_name) values (?, ?, ?, ?, ?)",
  );
  for (const id of ids) {
    remove.run(id);
    const row = read.get(id) as
      | {
          job_number: string;
          title: string;
          description: string;
          customer_name: string;
          deleted_at: string | null;
        }
      | undefined;
    if (row && !row.deleted_at) {
      insert.run(id, row.job_number, row.title, row.description, row.customer_name);
    }
  }
}

/** A customer's name or company changed: their jobs' entries follow. */
export function reindexCustomerJobs(db: CacheDb, customerId: number): void {
  const ids = db
    .prepare("select id from jobs where customer_id = ?")
    .pluck()
    .all(customerId) as number[];
  reindexJobs(db, ids);
}
