import type { Db } from "@traveler/db";
import type { ShopContactOutput } from "./schemas/common.ts";

/** The shop's public contact card (shown on every customer page). */
export async function loadShopContact(db: Db): Promise<ShopContactOutput> {
  const row = await db
    .selectFrom("shop_settings")
    .select(["shop_name", "phone", "email", "address", "hours", "logo_url"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  return {
    name: row.shop_name,
    phone: row.phone,
    email: row.email,
    address: row.address,
    hours: row.hours,
    logoUrl: row.logo_url,
  };
}
