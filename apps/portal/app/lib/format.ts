import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_CURRENCY, dayInZone, formatPrice } from "@traveler/api/schemas";

/**
 * Dates and times on the pages: the shared shop-time formats (@traveler/api/schemas, the same in
 * emails and the console), in the shop's time zone.
 */
export {
  describeDueChange,
  dueState,
  formatDateTime,
  formatDay,
  formatQuantity,
  formatShortDay,
  relativeDay,
} from "@traveler/api/schemas";

/** The shop's zone and today's shop day, for the page being rendered (from the root loader). */
export function useShopTime(): { timeZone: string; today: string } {
  const root = useRouteLoaderData<{ timeZone: string; today: string }>("root");
  const timeZone = root?.timeZone ?? "UTC";
  return { timeZone, today: root?.today ?? dayInZone(new Date(), timeZone) };
}

/** Prices on the page, in the shop's currency (from the root loader): `price(18050)` is "$180.50". */
export function useShopPrice(): (cents: number) => string {
  const root = useRouteLoaderData<{ currency: string }>("root");
  const currency = root?.currency ?? DEFAULT_CURRENCY;
  return (cents) => formatPrice(cents, currency);
}
