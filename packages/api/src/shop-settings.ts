import type { Db } from "@traveler/db";
import type { ApiServices } from "./context.ts";
import type { ShopContactOutput } from "./schemas/common.ts";
import { DEFAULT_CURRENCY } from "./schemas/money.ts";

/** The one row of shop settings, as the API uses it. */
export interface ShopSettings {
  name: string;
  phone: string;
  email: string;
  address: string;
  hours: string;
  logoUrl: string | null;
  photosEnabled: boolean;
  customerIdleMinutes: number;
  staffIdleMinutes: number;
  /** IANA time zone: every date and time people read is in shop time. */
  timeZone: string;
  /** ISO 4217 code: every price people read is in this currency. */
  currency: string;
  version: number;
}

/** The shop's public contact card (every customer page and email). */
export type ShopContact = ShopContactOutput;

/** Reads the settings through `db` (pass the transaction inside one). */
export async function loadShopSettings(db: Db): Promise<ShopSettings> {
  const row = await db
    .selectFrom("shop_settings")
    .select([
      "shop_name",
      "phone",
      "email",
      "address",
      "hours",
      "logo_url",
      "photos_enabled",
      "customer_idle_minutes",
      "staff_idle_minutes",
      "time_zone",
      "currency",
      "version",
    ])
    .where("id", "=", 1)
    .executeTakeFirst();
  return {
    name: row?.shop_name ?? "Our Shop",
    phone: row?.phone ?? "",
    email: row?.email ?? "",
    address: row?.address ?? "",
    hours: row?.hours ?? "",
    logoUrl: row?.logo_url ?? null,
    photosEnabled: row?.photos_enabled ?? true,
    customerIdleMinutes: row?.customer_idle_minutes ?? 30,
    staffIdleMinutes: row?.staff_idle_minutes ?? 720,
    timeZone: row?.time_zone ?? "UTC",
    currency: row?.currency ?? DEFAULT_CURRENCY,
    version: row?.version ?? 0,
  };
}

export function shopContact(settings: ShopSettings): ShopContact {
  const { name, phone, email, address, hours, logoUrl, timeZone, currency } = settings;
  return { name, phone, email, address, hours, logoUrl, timeZone, currency };
}

/** Per change feed (one per server process): the settings, until the feed reports a change. */
const cached = new WeakMap<object, Promise<ShopSettings>>();

/**
 * The settings for a request: read once per process and kept until the change feed reports a
 * change to them (any server instance's write). Without a change feed (tests, scripts) every call
 * reads them.
 */
export function shopSettings(services: Pick<ApiServices, "db" | "changes">): Promise<ShopSettings> {
  const feed = services.changes;
  if (!feed) return loadShopSettings(services.db);
  let found = cached.get(feed);
  if (!found) {
    found = loadShopSettings(services.db);
    cached.set(feed, found);
    // A failed read is not kept.
    found.catch(() => cached.delete(feed));
    if (!subscribed.has(feed)) {
      subscribed.add(feed);
      feed.subscribe((batch) => {
        if (batch.tables.includes("shop_settings")) cached.delete(feed);
      });
    }
  }
  return found;
}
const subscribed = new WeakSet<object>();

/** This process changed the settings: forget them now (the feed would tell a moment later). */
export function forgetShopSettings(services: Pick<ApiServices, "changes">): void {
  if (services.changes) cached.delete(services.changes);
}
