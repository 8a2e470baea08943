import { type Kysely, sql } from "kysely";

/**
 * Proof approval (issue 13): the shop sends one or more job files as version n of a job's proof;
 * the customer approves it (typing their name) or requests changes (a comment, optionally pinned
 * to a spot of an image). Every version stays, read-only once decided or replaced.
 *
 * - `proofs.state`: waiting → approved | changes_requested (decided once, by the customer), or
 *   waiting → superseded when the shop sends version n+1 before a decision. At most one waiting
 *   proof per job (partial unique index): that is the one a customer can decide.
 * - The decision records the typed name (approvals), time, IP, user agent, and in `approved_files`
 *   the exact job_files ids with the sha256 each had, so "what was approved" never drifts.
 * - `proof_files`: the files of a version, with the sha256 they had when sent.
 * - `proof_comments`: the customer's comments; a pin is a numbered spot at (pin_x, pin_y), each a
 *   fraction 0..1 of the image's width and height, on one of the version's files.
 *
 * All three tables are synced to consoles (txid/version/deleted_at + triggers, like job_photos).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table proofs (
      id bigint generated always as identity primary key,
      job_id bigint not null references jobs (id),
      version_number integer not null check (version_number between 1 and 1000),
      message text not null default '' check (length(message) <= 5000),
      sent_by bigint references staff_users (id),
      sent_at timestamptz not null default now(),
      state text not null default 'waiting'
        check (state in ('waiting', 'approved', 'changes_requested', 'superseded')),
      decided_at timestamptz,
      decided_by_customer bigint references customers (id),
      decision_name text check (length(decision_name) between 1 and 200),
      decision_ip text check (length(decision_ip) <= 100),
      decision_user_agent text check (length(decision_user_agent) <= 500),
      approved_files jsonb check (approved_files is null or jsonb_typeof(approved_files) = 'array'),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      constraint proofs_job_version_key unique (job_id, version_number),
      constraint proofs_decided check (
        (state in ('approved', 'changes_requested')) = (decided_at is not null)
      ),
      constraint proofs_approval_complete check (
        state <> 'approved' or (decision_name is not null and approved_files is not null)
      )
    );
    create unique index proofs_one_waiting on proofs (job_id)
      where state = 'waiting' and deleted_at is null;
    create index proofs_job_idx on proofs (job_id, version_number desc);

    create table proof_files (
      id bigint generated always as identity primary key,
      proof_id bigint not null references proofs (id),
      job_file_id bigint not null references job_files (id),
      position smallint not null check (position between 0 and 49),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      constraint proof_files_file_key unique (proof_id, job_file_id)
    );

    create table proof_comments (
      id bigint generated always as identity primary key,
      proof_id bigint not null references proofs (id),
      customer_id bigint references customers (id),
      staff_id bigint references staff_users (id),
      body text not null check (length(body) between 1 and 5000),
      proof_file_id bigint references proof_files (id),
      pin_number smallint check (pin_number between 1 and 50),
      pin_x double precision check (pin_x >= 0 and pin_x <= 1),
      pin_y double precision check (pin_y >= 0 and pin_y <= 1),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      txid xid8 not null default pg_current_xact_id(),
      constraint proof_comments_one_author check ((customer_id is null) <> (staff_id is null)),
      constraint proof_comments_pin_complete check (
        (pin_number is null and pin_x is null and pin_y is null and proof_file_id is null)
        or (pin_number is not null and pin_x is not null and pin_y is not null
            and proof_file_id is not null)
      )
    );
    create index proof_comments_proof_idx on proof_comments (proof_id, id);
  `.execute(db);

  for (const table of ["proofs", "proof_files", "proof_comments"]) {
    await sql`
      create trigger ${sql.raw(`${table}_stamp`)} before insert or update on ${sql.table(table)}
        for each row execute function traveler_stamp_row();
      create trigger ${sql.raw(`${table}_soft_delete`)} before delete on ${sql.table(table)}
        for each row execute function traveler_soft_delete();
      create trigger ${sql.raw(`${table}_notify`)} after insert or update on ${sql.table(table)}
        for each statement execute function traveler_notify_change();
      create index ${sql.raw(`${table}_txid_idx`)} on ${sql.table(table)} (txid, id);
    `.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
