import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { attachments } from "./0008-attachments.ts";
import { CACHE_MIGRATIONS, migrateCache } from "./index.ts";

describe("cache migration 0008-attachments", () => {
  it("keeps a version-7 cache's files, requests and waiting uploads, and clears the cursor so they are pulled again with their new fields", () => {
    const db = new Database(":memory:");
    const upTo7 = CACHE_MIGRATIONS.indexOf(attachments);
    expect(upTo7).toBe(7);
    for (const migration of CACHE_MIGRATIONS.slice(0, upTo7)) migration.up(db);
    db.pragma(`user_version = ${upTo7}`);
    db.exec(`
      insert into sync_state (key, value) values ('cursor', '100:100:');
      insert into job_files (id, job_id, file_name, content_type, byte_size, sha256, caption,
        visible_to_customer, has_thumbnail, version, created_at, updated_at, txid)
        values (5, 1, 'art.png', 'image/png', 10, 'x', '', 1, 1, 1, 't', 't', '9');
      insert into quote_requests (id, request_number, customer_id, what, quantity, notes, status,
        quote_note, decline_reason, version, created_at, updated_at, txid)
        values (3, 'Q-00003', 1, 'Decals', 2, '', 'requested', '', '', 1, 't', 't', '9');
      insert into file_uploads (job_number, file_name, caption, visible_to_customer, byte_size,
        path, idempotency_key, created_at) values ('J-2026-0001', 'a.pdf', '', 0, 3, '/tmp/a', 'k1', 't');
    `);

    migrateCache(db);

    expect(db.pragma("user_version", { simple: true })).toBe(CACHE_MIGRATIONS.length);
    expect(db.prepare("select id, message_id from job_files").all()).toEqual([
      { id: 5, message_id: null },
    ]);
    expect(db.prepare("select request_number, files from quote_requests").all()).toEqual([
      { request_number: "Q-00003", files: null },
    ]);
    expect(db.prepare("select file_name, for_message from file_uploads").all()).toEqual([
      { file_name: "a.pdf", for_message: 0 },
    ]);
    expect(db.prepare("select value from sync_state where key = 'cursor'").get()).toEqual({
      value: null,
    });
    expect(db.prepare("select count(*) as n from upload_results").get()).toEqual({ n: 0 });
  });
});
