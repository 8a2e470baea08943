import { sql } from "kysely";
import { AUDIT_ACTION_LABELS, AUDIT_FIELD_LABELS } from "../schemas/labels.ts";
import { staffAuditListInput } from "../schemas/staff.ts";
import { adminProcedure, router } from "../trpc.ts";

const DAY_MS = 86_400_000;

/** The target id as a number (null when it is not one), so a lookup by primary key uses the index. */
const NUMERIC_TARGET = sql`(case when a.target_id ~ '^[0-9]{1,18}$' then a.target_id::bigint end)`;

function changedFieldLabels(details: unknown): string[] {
  const changes = (details as { changes?: unknown } | null)?.changes;
  if (!changes || typeof changes !== "object") return [];
  return Object.keys(changes).map((field) => AUDIT_FIELD_LABELS[field] ?? field);
}

export const staffAuditRouter = router({
  /** Newest first; `nextCursor` is the id to pass as `cursor` for the next page. */
  list: adminProcedure.input(staffAuditListInput).query(async ({ ctx, input }) => {
    const limit = input?.limit ?? 50;
    let query = ctx.db
      .selectFrom("audit_log as a")
      .leftJoin("staff_users as s", (join) =>
        join.onRef("s.id", "=", "a.actor_id").on("a.actor_type", "=", "staff"),
      )
      .leftJoin("customers as c", (join) =>
        join.onRef("c.id", "=", "a.actor_id").on("a.actor_type", "=", "customer"),
      )
      .select([
        "a.id",
        "a.at",
        "a.actor_type",
        "a.actor_id",
        "s.display_name as staff_name",
        "c.name as customer_name",
        "a.action",
        "a.target_type",
        "a.target_id",
        "a.ip",
        "a.user_agent",
        "a.details",
        // The target as people name it: job number and title, customer or staff name.
        sql<string | null>`case a.target_type
          when 'job' then (select j.job_number || ' · ' || j.title from jobs j
                            where j.job_number = a.target_id)
          when 'customer' then (select t.name from customers t
                                 where t.id = ${NUMERIC_TARGET})
          when 'staff_user' then (select t.display_name from staff_users t
                                   where t.id = ${NUMERIC_TARGET})
          when 'shop_settings' then 'Shop settings'
        end`.as("target_label"),
      ]);
    if (input?.action) query = query.where("a.action", "=", input.action);
    if (input?.actorType) query = query.where("a.actor_type", "=", input.actorType);
    if (input?.from) query = query.where("a.at", ">=", new Date(`${input.from}T00:00:00Z`));
    if (input?.to) {
      query = query.where(
        "a.at",
        "<",
        new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY_MS),
      );
    }
    if (input?.cursor) query = query.where("a.id", "<", input.cursor);
    const rows = await query
      .orderBy("a.id", "desc")
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorName: r.staff_name ?? r.customer_name ?? null,
        action: r.action,
        actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        targetLabel: r.target_label,
        /** The labels of the fields an edit changed ("Internal shop notes", not shopNotes). */
        changedFields: changedFieldLabels(r.details),
        ip: r.ip,
        userAgent: r.user_agent,
        details: r.details,
      })),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }),
});
