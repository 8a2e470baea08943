import { JOB_STATUSES, PROOF_STATES } from "@traveler/db";
import { useTestDatabase } from "@traveler/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { JOB_STATUS_VALUES } from "./common.ts";
import { ratingCommentSchema } from "./feedback.ts";
import { fileCaptionSchema } from "./files.ts";
import {
  customerProofApproveInput,
  customerProofRequestChangesInput,
  PROOF_STATE_VALUES,
  staffProofSendInput,
} from "./proofs.ts";
import {
  customerFieldsSchema,
  jobFieldsSchema,
  settingsFieldsSchema,
  staffJobSetStatusInput,
  staffPhotoAddInput,
} from "./staff.ts";

/**
 * One definition of each limit (issue 15): the database's check constraints state the same
 * maxima as the API's zod schemas and the same status list, read back from PostgreSQL itself.
 */
const database = useTestDatabase();

/** The maximum length a string schema accepts (through optional/nullable wrappers). */
function maxLength(schema: z.ZodType): number | null {
  let current: unknown = schema;
  while (current && typeof (current as { unwrap?: unknown }).unwrap === "function") {
    current = (current as { unwrap(): unknown }).unwrap();
  }
  return (current as { maxLength?: number | null }).maxLength ?? null;
}

const TEXT_LIMITS: [table: string, column: string, schema: z.ZodType][] = [
  ["jobs", "title", jobFieldsSchema.shape.title],
  ["jobs", "description", jobFieldsSchema.shape.description],
  ["jobs", "special_instructions", jobFieldsSchema.shape.specialInstructions],
  ["jobs", "customer_notes", jobFieldsSchema.shape.customerNotes],
  ["jobs", "shop_notes", jobFieldsSchema.shape.shopNotes],
  ["job_status_history", "notes", staffJobSetStatusInput.shape.note],
  ["job_photos", "caption", staffPhotoAddInput.shape.caption],
  ["job_files", "caption", fileCaptionSchema],
  ["customers", "name", customerFieldsSchema.shape.name],
  ["customers", "company", customerFieldsSchema.shape.company],
  ["customers", "phone", customerFieldsSchema.shape.phone],
  ["customers", "address", customerFieldsSchema.shape.address],
  ["shop_settings", "shop_name", settingsFieldsSchema.shape.shopName],
  ["shop_settings", "phone", settingsFieldsSchema.shape.phone],
  ["shop_settings", "address", settingsFieldsSchema.shape.address],
  ["shop_settings", "hours", settingsFieldsSchema.shape.hours],
  ["shop_settings", "logo_url", settingsFieldsSchema.shape.logoUrl],
  ["proofs", "message", staffProofSendInput.shape.message],
  ["proofs", "decision_name", customerProofApproveInput.shape.name],
  ["proof_comments", "body", customerProofRequestChangesInput.shape.comment],
  ["job_ratings", "comment", ratingCommentSchema],
];

async function checks(table: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = ${table}::regclass and contype = 'c'`.execute(database().db);
  return rows.map((r) => r.def);
}

describe("database constraints agree with the API's schemas", () => {
  it.each(TEXT_LIMITS)("%s.%s: the same maximum length", async (table, column, schema) => {
    const zodMax = maxLength(schema);
    expect(zodMax, "the schema states a maximum").not.toBeNull();
    const defs = await checks(table);
    const mine = defs.filter((d) => new RegExp(`length\\(${column}\\)`).test(d));
    expect(mine, `a length check on ${table}.${column}`).toHaveLength(1);
    const m = /<= (\d+)\)|BETWEEN \d+ AND (\d+)\)/i.exec(mine[0]!);
    expect(Number(m?.[1] ?? m?.[2]), `${table}.${column}`).toBe(zodMax);
  });

  it("the job statuses in both status checks are the schema's, in order", async () => {
    for (const table of ["jobs", "job_status_history"]) {
      const def = (await checks(table)).find((d) => d.includes("(status = ANY"));
      const listed = [...(def ?? "").matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]);
      expect(listed, table).toEqual([...JOB_STATUS_VALUES]);
    }
    // The database package's own list (its seed and generator use it) is the same too.
    expect([...JOB_STATUSES]).toEqual([...JOB_STATUS_VALUES]);
  });

  it("the proof states of the check are the schema's, in order", async () => {
    const def = (await checks("proofs")).find((d) => d.includes("superseded"));
    const listed = [...(def ?? "").matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]);
    expect(listed).toEqual([...PROOF_STATE_VALUES]);
    expect([...PROOF_STATES]).toEqual([...PROOF_STATE_VALUES]);
  });

  it("a write past a limit is refused by the database itself", async () => {
    const db = database().db;
    await expect(
      sql`insert into customers (name, email, phone) values ('X', 'x@example.test', ${"1".repeat(51)})`.execute(
        db,
      ),
    ).rejects.toThrow(/customers_phone_length/);
  });
});
