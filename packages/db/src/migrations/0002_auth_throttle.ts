import { type Kysely, sql } from "kysely";

/**
 * Login abuse protection (API issue 3).
 *
 * `rate_limits` is rate-limiter-flexible's PostgreSQL store (its own column layout: key,
 * points, expire as epoch milliseconds), so every server instance counts against the same rows.
 * `altcha_used` remembers the signatures of ALTCHA challenges already redeemed until they
 * expire, so one solved challenge cannot be replayed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rate_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    );
    create index rate_limits_expire_idx on rate_limits (expire);

    create table altcha_used (
      signature text primary key,
      expires_at timestamptz not null
    );
    create index altcha_used_expires_idx on altcha_used (expires_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
