import { type Kysely, sql } from "kysely";

/**
 * The shop's time zone (issue 12): every date and time people read is in shop time. An IANA
 * name, checked by the API against the runtime's zone list; 'UTC' until the admin sets it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table shop_settings
      add column time_zone text not null default 'UTC'
        check (time_zone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$' and length(time_zone) <= 64);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
