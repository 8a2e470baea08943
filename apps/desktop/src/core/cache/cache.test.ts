import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { columnsFromRows } from "@traveler/api/schemas";
import { describe, expect, it } from "vitest";
import type { PullPage, SyncJobRow } from "../sync-rows.ts";
import { applyPull } from "./apply.ts";
import { listCustomers } from "./customers.ts";
import { openCache } from "./database.ts";
import { getJob } from "./job-detail.ts";
import { listJobs, SEARCH_COUNT_CAP } from "./job-list.ts";
import { CACHE_MIGRATIONS } from "./migrations/index.ts";
import { cursor, setState } from "./sync-state.ts";

const file = () => join(mkdtempSync(join(tmpdir(), "traveler-cache-")), "cache.sqlite");

function job(over: Partial<SyncJobRow>): SyncJobRow {
  return {
    id: 1,
    jobNumber: "J-2026-0001",
    customerId: 7,
    title: "Vinyl banner",
    description: "Outdoor banner with grommets",
    quantity: 1,
    specialInstructions: "",
    specifications: [],
    status: "in_progress",
    progress: 40,
    estimatedCompletion: null,
    customerNotes: "",
    shopNotes: "",
    completedAt: null,
    createdBy: null,
    ownerId: null,
    rush: false,
    version: 2,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-02T00:00:00.000Z",
    deletedAt: null,
    txid: "900",
    ...over,
  };
}

function page(jobs: SyncJobRow[], cursor = "c1"): PullPage {
  return {
    tables: columnsFromRows({
      staff_users: [],
      customers: [
        {
          id: 7,
          name: "Acme Signs",
          company: null,
          email: "acme@example.test",
          phone: "+1 (555) 014-2290",
          address: null,
          portalEnabled: true,
          portalActivated: false,
          portalTokenKind: null,
          portalTokenExpiresAt: null,
          portalLastLogin: null,
          notifyPreference: "all",
          version: 1,
          createdAt: "2026-01-01T00:00:00.000Z",
          updatedAt: "2026-01-01T00:00:00.000Z",
          deletedAt: null,
          txid: "800",
        },
      ],
      jobs,
      job_status_history: [],
      job_photos: [],
      job_messages: [],
      quote_requests: [],
      job_files: [],
      shop_settings: [],
    }),
    cursor,
    hasMore: false,
    watermark: "1000",
    snapshot: "1000:1000:",
    count: jobs.length + 1,
  };
}

describe("local cache", () => {
  it("migrates a new file to the latest user_version and reopens without re-running", () => {
    const path = file();
    const db = openCache(path);
    expect(db.pragma("user_version", { simple: true })).toBe(CACHE_MIGRATIONS.length);
    setState(db, "cursor", "kept");
    db.close();
    const again = openCache(path);
    expect(cursor(again)).toBe("kept");
    again.close();
  });

  it("finds a customer by phone digits however the number was written", () => {
    const db = openCache(file());
    applyPull(db, page([job({})]), "t");
    for (const q of ["555 014", "(555) 014-2290", "0142290", "Acme"]) {
      expect(
        listCustomers(db, q).map((c) => c.name),
        q,
      ).toEqual(["Acme Signs"]);
    }
    expect(listCustomers(db, "999")).toEqual([]);
    expect(listCustomers(db, "55")).toEqual([]); // two digits are not a phone search
    db.close();
  });

  it("never lets a lower version overwrite a higher one", () => {
    const db = openCache(file());
    applyPull(db, page([job({ version: 3, title: "Newer title" })]), "t");
    applyPull(db, page([job({ version: 2, title: "Older title" })]), "t");
    expect(getJob(db, "J-2026-0001")?.title).toBe("Newer title");
    db.close();
  });

  it("finds jobs by number, title words, description and customer name (prefix search)", () => {
    const db = openCache(file());
    applyPull(
      db,
      page([
        job({}),
        job({ id: 2, jobNumber: "J-2026-0002", title: "Brass plaque", description: "Engraved" }),
      ]),
      "t",
    );
    const titles = (q: string) => listJobs(db, { q }).items.map((j) => j.title);
    expect(titles("0002")).toEqual(["Brass plaque"]);
    expect(titles("vin ban")).toEqual(["Vinyl banner"]);
    expect(titles("grommets")).toEqual(["Vinyl banner"]);
    expect(titles("acme").sort()).toEqual(["Brass plaque", "Vinyl banner"]);
    expect(titles("nothing-like-this")).toEqual([]);
    db.close();
  });

  it("stores the page and its cursor together and drops a tombstoned job from search", () => {
    const db = openCache(file());
    applyPull(db, page([job({})], "first"), "t");
    applyPull(
      db,
      page([job({ version: 3, deletedAt: "2026-01-03T00:00:00.000Z" })], "second"),
      "t",
    );
    expect(cursor(db)).toBe("second");
    expect(getJob(db, "J-2026-0001")).toBeNull();
    expect(listJobs(db, { q: "vinyl" }).items).toEqual([]);
    db.close();
  });

  it("counts broad search matches up to the cap and says so; exact below it", () => {
    const db = openCache(file());
    const many = Array.from({ length: SEARCH_COUNT_CAP + 5 }, (_, i) =>
      job({
        id: i + 1,
        jobNumber: `J-2026-${String(i + 1).padStart(4, "0")}`,
        title: `Sign ${i + 1}`,
      }),
    );
    applyPull(db, page(many), "t");
    const broad = listJobs(db, { q: "sign", limit: 50 });
    expect(broad).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsLowerBound: true });
    expect(broad.items).toHaveLength(50);
    expect(broad.items[0]?.title).toBe(`Sign ${SEARCH_COUNT_CAP + 5}`);
    expect(listJobs(db, { q: "sign 1000" })).toMatchObject({
      total: 1,
      totalIsLowerBound: false,
    });
    db.close();
  });
});
