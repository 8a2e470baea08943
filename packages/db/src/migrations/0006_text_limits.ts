import { type Kysely, sql } from "kysely";

/**
 * The database states the same text limits as the API's zod schemas (issue 15), so a write that
 * bypasses the API cannot store what the API would refuse. One constraint per column, in the form
 * `length(column) <= N`, which a test reads back and compares with the schemas.
 */
const LIMITS: [table: string, column: string, max: number][] = [
  ["jobs", "description", 10_000],
  ["jobs", "special_instructions", 5_000],
  ["jobs", "customer_notes", 5_000],
  ["jobs", "shop_notes", 10_000],
  ["job_status_history", "notes", 5_000],
  ["job_photos", "caption", 500],
  ["customers", "company", 200],
  ["customers", "phone", 50],
  ["customers", "address", 500],
  ["shop_settings", "phone", 50],
  ["shop_settings", "address", 500],
  ["shop_settings", "hours", 500],
  ["shop_settings", "logo_url", 2_000],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column, max] of LIMITS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_${column}_length`)}
      check (length(${sql.ref(column)}) <= ${sql.lit(max)})`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
