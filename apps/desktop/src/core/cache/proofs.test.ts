import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { columnsFromRows, type SyncRows } from "@traveler/api/schemas";
import { describe, expect, it } from "vitest";
import { applyPull } from "./apply.ts";
import { openCache } from "./database.ts";
import { getJob } from "./job-detail.ts";
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
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
/** A proof version row as the server syncs it (sent at minute 10·n by staff 3, waiting). */
const proofRow = (id: number, n: number, over: Partial<SyncRows["proofs"][number]>) => ({
  id,
  jobId: 1,
  versionNumber: n,
  message: "",
  sentBy: 3,
  sentAt: at(n * 10),
  state: "waiting" as const,
  decidedAt: null,
  decidedByCustomer: null,
  decisionName: null,
  decisionIp: null,
  decisionUserAgent: null,
  approvedFiles: null,
  ...meta,
  ...over,
});
const page = (r: SyncRows) => ({
  tables: columnsFromRows(r),
  cursor: "c",
  hasMore: false,
  watermark: "1000",
  snapshot: "1000:1000:",
  count: 1,
});

describe("proofs in the console cache", () => {
  it("mirrors versions, files and pinned comments; a newer version of a row replaces the older", () => {
    const db = openCache(file());
    const proof = proofRow(5, 1, { message: "First layout", sentBy: null, sentAt: T });
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

  it("the job's timeline interleaves the status history with every version's story, offline", () => {
    const db = openCache(file());
    const jobFile = (id: number, name: string) => ({
      id,
      jobId: 1,
      fileName: name,
      contentType: "image/png",
      byteSize: 10,
      sha256: String(id).repeat(64).slice(0, 64),
      caption: "",
      visibleToCustomer: true,
      uploadedByStaff: 3,
      uploadedByCustomer: null,
      hasThumbnail: false,
      pageCount: null,
      messageId: null,
      ...meta,
    });
    const proofFile = (id: number, proofId: number, jobFileId: number) => ({
      id,
      proofId,
      jobFileId,
      position: 0,
      sha256: String(jobFileId).repeat(64).slice(0, 64),
      ...meta,
    });
    const comment = (id: number, body: string, pin: number | null) => ({
      id,
      proofId: 1,
      customerId: 7,
      staffId: null,
      body,
      proofFileId: pin === null ? null : 11,
      pinNumber: pin,
      pinX: pin === null ? null : 0.5,
      pinY: pin === null ? null : 0.5,
      ...meta,
    });
    const status = (id: number, minute: number, notes: string, visible = true) => ({
      id,
      jobId: 1,
      status: "not_started" as const,
      progress: null,
      notes,
      visibleToCustomer: visible,
      updatedBy: 3,
      kind: "status" as const,
      dueFrom: null,
      dueTo: null,
      ...meta,
      createdAt: at(minute),
    });
    applyPull(
      db,
      page(
        rows({
          staff_users: [
            {
              id: 3,
              username: "sam",
              displayName: "Sam Staff",
              email: null,
              role: "staff",
              active: true,
              ...meta,
            },
          ],
          jobs: [job],
          job_status_history: [status(1, 1, "Artwork received"), status(2, 2, "Internal", false)],
          job_files: [jobFile(1, "v1.png"), jobFile(2, "v2.png"), jobFile(3, "v3.png")],
          proofs: [
            proofRow(1, 1, {
              message: "First layout",
              state: "changes_requested",
              decidedAt: at(15),
              decisionIp: "203.0.113.9",
            }),
            proofRow(2, 2, { state: "superseded" }),
            proofRow(3, 3, {
              state: "approved",
              decidedAt: at(35),
              decisionName: "Alice Approver",
              decisionIp: "203.0.113.9",
              decisionUserAgent: "Phone browser",
              approvedFiles: [{ fileId: 3, sha256: "3".repeat(64) }],
            }),
          ],
          proof_files: [proofFile(11, 1, 1), proofFile(12, 2, 2), proofFile(13, 3, 3)],
          proof_comments: [comment(1, "Make the logo bigger.", null), comment(2, "This logo", 1)],
        }),
      ),
      "t",
    );
    // The cache answers with no server at all: the console shows this offline.
    const timeline = getJob(db, "J-2026-0001")?.timeline ?? [];
    const story = timeline.map((e) => {
      switch (e.type) {
        case "status":
          return `status: ${e.entry.notes}`;
        case "proof_sent":
          return `v${e.version} sent by ${e.sentBy}: ${e.files.map((f) => f.fileName).join(", ")}`;
        case "proof_comment":
          return `v${e.version} pin ${e.pin}: ${e.body}`;
        case "proof_changes_requested":
          return `v${e.version} changes requested from ${e.ip}: ${e.comment}`;
        case "proof_superseded":
          return `v${e.version} superseded by v${e.by}`;
        default:
          return `v${e.version} approved by ${e.name} from ${e.ip} (${e.userAgent}): ${e.files.map((f) => `${f.fileName} ${f.sha256.slice(0, 12)}`).join(", ")}`;
      }
    });
    expect(story).toEqual([
      "v3 approved by Alice Approver from 203.0.113.9 (Phone browser): v3.png 333333333333",
      "v2 superseded by v3",
      "v3 sent by Sam Staff: v3.png",
      "v2 sent by Sam Staff: v2.png",
      "v1 changes requested from 203.0.113.9: Make the logo bigger.",
      "v1 pin 1: This logo",
      "v1 sent by Sam Staff: v1.png",
      "status: Internal",
      "status: Artwork received",
    ]);
    db.close();
  });
});
