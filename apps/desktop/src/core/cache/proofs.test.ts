import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { columnsFromRows, type SyncRows } from "@traveler/api/schemas";
import { describe, expect, it } from "vitest";
import { applyPull } from "./apply.ts";
import { openCache } from "./database.ts";
import { jobProofs } from "./proofs.ts";

const file = () => join(mkdtempSync(join(tmpdir(), "traveler-proofs-")), "cache.sqlite");
const T = "2026-03-01T10:00:00.000Z";
const meta = { version: 1, createdAt: T, updatedAt: T, deletedAt: null, txid: "900" };

function rows(over: Partial<SyncRows>): SyncRows {
  // Typed without a cast: a synced table added later must be listed here too.
  const none: SyncRows = {
    shop_settings: [],
    staff_users: [],
    customers: [],
    jobs: [],
    job_status_history: [],
    job_photos: [],
    job_files: [],
    proofs: [],
    proof_files: [],
    proof_comments: [],
    job_messages: [],
    quote_requests: [],
  };
  return { ...none, ...over };
}

describe("proofs in the console cache", () => {
  it("mirrors versions, files and pinned comments; a newer version of a row replaces the older", () => {
    const db = openCache(file());
    const proof = {
      id: 5,
      jobId: 1,
      versionNumber: 1,
      message: "First layout",
      sentBy: null,
      sentAt: T,
      state: "waiting" as const,
      decidedAt: null,
      decidedByCustomer: null,
      decisionName: null,
      decisionIp: null,
      decisionUserAgent: null,
      approvedFiles: null,
      ...meta,
    };
    const job = {
      id: 1,
      jobNumber: "J-2026-0001",
      customerId: 7,
      title: "Decal",
      description: "",
      quantity: 1,
      specialInstructions: "",
      specifications: [],
      status: "not_started" as const,
      progress: 0,
      estimatedCompletion: null,
      customerNotes: "",
      shopNotes: "",
      completedAt: null,
      createdBy: null,
      ownerId: null,
      rush: false,
      ...meta,
    };
    const page = (r: SyncRows) => ({
      tables: columnsFromRows(r),
      cursor: "c",
      hasMore: false,
      watermark: "1000",
      snapshot: "1000:1000:",
      count: 1,
    });
    applyPull(
      db,
      page(
        rows({
          jobs: [job],
          proofs: [proof],
          proof_files: [
            { id: 9, proofId: 5, jobFileId: 42, position: 0, sha256: "a".repeat(64), ...meta },
          ],
        }),
      ),
      "t",
    );
    expect(jobProofs(db, "J-2026-0001")).toMatchObject([
      {
        version: 1,
        state: "waiting",
        message: "First layout",
        files: [{ jobFileId: 42 }],
        comments: [],
      },
    ]);

    applyPull(
      db,
      page(
        rows({
          proofs: [{ ...proof, state: "changes_requested", decidedAt: T, version: 2 }],
          proof_comments: [
            {
              id: 1,
              proofId: 5,
              customerId: null,
              staffId: null,
              body: "Lighter blue",
              proofFileId: null,
              pinNumber: null,
              pinX: null,
              pinY: null,
              ...meta,
            },
            {
              id: 2,
              proofId: 5,
              customerId: null,
              staffId: null,
              body: "Here",
              proofFileId: 9,
              pinNumber: 1,
              pinX: 0.25,
              pinY: 0.5,
              ...meta,
            },
          ],
        }),
      ),
      "t",
    );
    const [v1] = jobProofs(db, "J-2026-0001");
    expect(v1?.state).toBe("changes_requested");
    expect(v1?.comments.map((c) => c.pin)).toEqual([
      null,
      { number: 1, jobFileId: 42, x: 0.25, y: 0.5 },
    ]);
    db.close();
  });
});
