import type { Db } from "@traveler/db";
import { audit, changedFields } from "../audit.ts";
import { staffSettingsUpdateInput } from "../schemas/staff.ts";
import { forgetShopSettings } from "../shop-settings.ts";
import { staffWrite } from "../staff/staff-write.ts";
import { adminProcedure, router, staffProcedure } from "../trpc.ts";

async function loadSettings(db: Db) {
  const s = await db
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
      "updated_at",
    ])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  return {
    shopName: s.shop_name,
    phone: s.phone,
    email: s.email,
    address: s.address,
    hours: s.hours,
    logoUrl: s.logo_url,
    photosEnabled: s.photos_enabled,
    customerIdleMinutes: s.customer_idle_minutes,
    staffIdleMinutes: s.staff_idle_minutes,
    timeZone: s.time_zone,
    currency: s.currency,
    version: s.version,
    updatedAt: s.updated_at.toISOString(),
  };
}

const COLUMNS = {
  shopName: "shop_name",
  phone: "phone",
  email: "email",
  address: "address",
  hours: "hours",
  logoUrl: "logo_url",
  photosEnabled: "photos_enabled",
  customerIdleMinutes: "customer_idle_minutes",
  staffIdleMinutes: "staff_idle_minutes",
  timeZone: "time_zone",
  currency: "currency",
} as const;

export const staffSettingsRouter = router({
  get: staffProcedure.query(({ ctx }) => loadSettings(ctx.db)),

  update: adminProcedure.input(staffSettingsUpdateInput).mutation(async ({ ctx, input }) => {
    const result = await staffWrite(
      ctx,
      "staff.settings.update",
      input.idempotencyKey,
      async (trx) => {
        const before = await loadSettings(trx);
        const changes = changedFields(before, input.patch);
        if (Object.keys(changes).length === 0) return { settings: before };
        const values: Record<string, unknown> = {};
        for (const key of Object.keys(changes)) {
          values[COLUMNS[key as keyof typeof COLUMNS]] =
            input.patch[key as keyof typeof input.patch];
        }
        await trx.updateTable("shop_settings").set(values).where("id", "=", 1).execute();
        await audit(
          ctx,
          {
            action: "staff.settings.update",
            targetType: "shop_settings",
            targetId: 1,
            details: { changes },
          },
          trx,
        );
        return { settings: await loadSettings(trx) };
      },
    );
    // This process's cached copy goes at once (other servers hear it from the change feed).
    forgetShopSettings(ctx);
    return result;
  }),
});
