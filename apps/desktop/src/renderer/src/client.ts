import { DEFAULT_CURRENCY, formatDateTime, formatPrice } from "@traveler/api/schemas";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { DesktopRouter } from "../../core/desktop-router.ts";
import { ipcLink } from "./ipc-link.ts";

/** Inside Electron the preload bridge carries operations; in the harness, HTTP to /trpc. */
export const client = createTRPCClient<DesktopRouter>({
  links: [window.traveler ? ipcLink() : httpBatchLink({ url: "/trpc" })],
});

export type Outputs = inferRouterOutputs<DesktopRouter>;
export type Status = Outputs["status"];
export type JobSummary = Outputs["jobs"]["list"]["items"][number];
export type JobDetail = Outputs["jobs"]["get"];
export type Customer = Outputs["customers"]["list"][number];

/** The statuses, in order, and their words: the shared definition. */
export {
  JOB_STATUS_LABELS as STATUS_LABELS,
  JOB_STATUS_VALUES as STATUSES,
  type JobStatusValue as JobStatus,
} from "@traveler/api/schemas";

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let shopTimeZone = "UTC";

/** The app sets the shop's zone from the core's status; every time on screen is shop time. */
export function setShopTimeZone(zone: string): void {
  shopTimeZone = zone;
}

let shopCurrency = DEFAULT_CURRENCY;

/** The app sets the shop's currency from the core's status; every price on screen is in it. */
export function setShopCurrency(code: string): void {
  shopCurrency = code;
}

/** A price in the shop's currency, as the portal writes it ("$180.50"). */
export function formatShopPrice(cents: number): string {
  return formatPrice(cents, shopCurrency);
}

/** A date and time in shop time, as the portal and emails write it ("Tue 24 Nov 2026, 4:05 PM PST"). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return formatDateTime(iso, shopTimeZone);
}

/** The fields of `next` whose value differs from `base` (deep, by JSON). */
export function changedFields<T extends Record<string, unknown>>(base: T, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (JSON.stringify(next[key] ?? null) !== JSON.stringify(base[key] ?? null)) {
      out[key] = next[key];
    }
  }
  return out;
}

export type WriteOutcome = Outputs["jobs"]["update"];

/** What the person sees after saving: the server's answer, never "saved" for a refused write. */
export function outcomeText(outcome: WriteOutcome): { ok: string } | { error: string } {
  switch (outcome.state) {
    case "saved":
      return { ok: "Saved." };
    case "queued":
      return { ok: "Saved on this computer. It uploads as soon as the server is reachable." };
    case "conflict":
      return { error: `${outcome.message} Open "Queued writes" to choose whose change stays.` };
    default:
      return { error: `The server refused this change: ${outcome.message}` };
  }
}
