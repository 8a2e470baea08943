import type { Db } from "@traveler/db";

/** The shop's name and contact, printed in every email. */
export interface ShopContact {
  name: string;
  phone: string;
  email: string;
  address: string;
  hours?: string;
}

export async function loadShopContact(db: Db): Promise<ShopContact> {
  const row = await db
    .selectFrom("shop_settings")
    .select(["shop_name", "phone", "email", "address", "hours"])
    .where("id", "=", 1)
    .executeTakeFirst();
  return {
    name: row?.shop_name ?? "Our Shop",
    phone: row?.phone ?? "",
    email: row?.email ?? "",
    address: row?.address ?? "",
    hours: row?.hours ?? "",
  };
}
