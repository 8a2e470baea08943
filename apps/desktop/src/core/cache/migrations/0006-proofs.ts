import type { CacheMigration } from "./migration.ts";

/**
 * Issue 13: proof versions, their files and comments (pins), mirrored from the server. The cursor
 * is cleared so the next sync pulls every row again (applying is idempotent) and proofs sent
 * before this console knew the tables arrive too.
 */
export const proofs: CacheMigration = {
  name: "0006-proofs",
  up(db) {
    db.exec(`
      create table proofs (
        id integer primary key,
        job_id integer not null,
        version_number integer not null,
        message text not null,
        sent_by integer,
        sent_at text not null,
        state text not null,
        decided_at text,
        decided_by_customer integer,
        decision_name text,
        decision_ip text,
        decision_user_agent text,
        approved_files text,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index proofs_job_idx on proofs (job_id, version_number desc);
      create table proof_files (
        id integer primary key,
        proof_id integer not null,
        job_file_id integer not null,
        position integer not null,
        sha256 text not null,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index proof_files_proof_idx on proof_files (proof_id, position);
      create table proof_comments (
        id integer primary key,
        proof_id integer not null,
        customer_id integer,
        staff_id integer,
        body text not null,
        proof_file_id integer,
        pin_number integer,
        pin_x real,
        pin_y real,
        version integer not null,
        created_at text not null,
        updated_at text not null,
        deleted_at text,
        txid text not null
      );
      create index proof_comments_proof_idx on proof_comments (proof_id, id);
      update sync_state set value = null where key = 'cursor';
    `);
  },
};
