import type { CacheDb } from "./database.ts";

/** The synced shop settings (one row kept whole as JSON), or null before the first pull. */
export function shopSettings(db: CacheDb): Record<string, unknown> | null {
  const body = db.prepare("select body from shop_settings where id = 1").pluck().get() as
    | string
    | undefined;
  return body ? (JSON.parse(body) as Record<string, unknown>) : null;
}
