import type { Db } from "@traveler/db";
import type { ApiContext } from "./context.ts";
import { sameJson } from "./json-equal.ts";

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  details?: Record<string, unknown>;
  /** Overrides the actor from the context (e.g. a login that just succeeded). */
  actor?: { type: "staff" | "customer" | "anonymous" | "system"; id: number | null };
}

/** Appends one audit row; pass the transaction when the audited change has one. Never passwords. */
export async function audit(ctx: ApiContext, entry: AuditEntry, db: Db = ctx.db): Promise<void> {
  const actor =
    entry.actor ??
    (ctx.actor.type === "customer"
      ? { type: "customer" as const, id: ctx.actor.customerId }
      : ctx.actor.type === "staff"
        ? { type: "staff" as const, id: ctx.actor.staffId }
        : { type: "anonymous" as const, id: null });
  await db
    .insertInto("audit_log")
    .values({
      at: ctx.clock.now(),
      actor_type: actor.type,
      actor_id: actor.id,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id:
        entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      ip: ctx.request.ip?.slice(0, 100) ?? null,
      user_agent: ctx.request.userAgent?.slice(0, 500) ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** The fields of `after` that differ from `before`, as { field: { before, after } }. */
export function changedFields(
  before: object,
  after: object,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (a[key] === undefined) continue;
    if (!sameJson(b[key], a[key])) {
      changes[key] = { before: b[key] ?? null, after: a[key] ?? null };
    }
  }
  return changes;
}
