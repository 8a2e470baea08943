import { type Kysely, sql } from "kysely";

/**
 * The shop's currency: an ISO 4217 code, checked by the API against the runtime's currency list;
 * 'USD' until the admin sets it. Prices stay integer hundredths of the main unit (price_cents).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table shop_settings
      add column currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
