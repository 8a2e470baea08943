/**
 * Email procedures (issue 6): the customer's notification preference, one-click unsubscribe
 * from a signed link (no session), what was sent to a customer (staff), and the outbox for
 * admins (list by status, retry failed or dead messages).
 */
import type { EmailStatus } from "@traveler/db";
import { sql } from "kysely";
import { audit } from "../audit.ts";
import { emailSigningKey, verifyUnsubscribeToken } from "../email/unsubscribe-token.ts";
import { badInput, notFound } from "../errors.ts";
import {
  EMAIL_STATUS_VALUES,
  forCustomerInput,
  forCustomerOutput,
  outboxListInput,
  outboxListOutput,
  outboxRetryInput,
  outboxRetryOutput,
  preferenceOutput,
  setPreferenceInput,
  unsubscribeInput,
  unsubscribeOutput,
} from "../schemas/email.ts";
import {
  adminProcedure,
  customerProcedure,
  publicProcedure,
  router,
  staffProcedure,
} from "../trpc.ts";

const INVALID_UNSUBSCRIBE =
  "This unsubscribe link is not valid. Sign in to change your email settings.";

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/** The columns every list of sent and queued emails shows, and their wire shape (one place). */
const OUTBOX_SUMMARY_COLUMNS = [
  "id",
  "kind",
  "to_address",
  "subject",
  "status",
  "attempts",
  "created_at",
  "sent_at",
  "last_error",
] as const;

function outboxSummary(r: {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
  last_error: string | null;
}) {
  return {
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at.toISOString(),
    sentAt: iso(r.sent_at),
    lastError: r.last_error,
  };
}

export const emailRouter = router({
  preference: router({
    get: customerProcedure.output(preferenceOutput).query(async ({ ctx }) => {
      const row = await ctx.db
        .selectFrom("customers")
        .select("notify_preference")
        .where("id", "=", ctx.actor.customerId)
        .executeTakeFirstOrThrow();
      return { preference: row.notify_preference };
    }),

    set: customerProcedure
      .input(setPreferenceInput)
      .output(preferenceOutput)
      .mutation(async ({ ctx, input }) => {
        await ctx.db.transaction().execute(async (trx) => {
          await trx
            .updateTable("customers")
            .set({ notify_preference: input.preference })
            .where("id", "=", ctx.actor.customerId)
            .execute();
          await audit(
            ctx,
            {
              action: "customer.email.preference",
              targetType: "customer",
              targetId: ctx.actor.customerId,
              details: { preference: input.preference },
            },
            trx,
          );
        });
        return { preference: input.preference };
      }),
  }),

  unsubscribe: publicProcedure
    .input(unsubscribeInput)
    .output(unsubscribeOutput)
    .mutation(async ({ ctx, input }) => {
      const customerId = verifyUnsubscribeToken(emailSigningKey(ctx.config), input.token);
      if (customerId === null) throw badInput(INVALID_UNSUBSCRIBE);
      const found = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable("customers")
          .set({ notify_preference: "none" })
          .where("id", "=", customerId)
          .where("deleted_at", "is", null)
          .returning("id")
          .executeTakeFirst();
        if (!row) return false;
        await audit(
          ctx,
          {
            action: "customer.email.unsubscribe",
            targetType: "customer",
            targetId: customerId,
            actor: { type: "customer", id: customerId },
            details: { via: "signed-link" },
          },
          trx,
        );
        return true;
      });
      if (!found) throw badInput(INVALID_UNSUBSCRIBE);
      return { ok: true as const, preference: "none" as const };
    }),

  forCustomer: staffProcedure
    .input(forCustomerInput)
    .output(forCustomerOutput)
    .query(async ({ ctx, input }) => {
      const customer = await ctx.db
        .selectFrom("customers")
        .select("id")
        .where("id", "=", input.customerId)
        .executeTakeFirst();
      if (!customer) throw notFound("Customer not found.");
      const rows = await ctx.db
        .selectFrom("email_outbox")
        .select(OUTBOX_SUMMARY_COLUMNS)
        .where("customer_id", "=", input.customerId)
        .orderBy("id", "desc")
        .limit(input.limit)
        .execute();
      return { items: rows.map(outboxSummary) };
    }),

  outbox: router({
    list: adminProcedure
      .input(outboxListInput)
      .output(outboxListOutput)
      .query(async ({ ctx, input }) => {
        let query = ctx.db
          .selectFrom("email_outbox")
          .select([...OUTBOX_SUMMARY_COLUMNS, "customer_id", "next_attempt_at"])
          .orderBy("id", "desc")
          .limit(input.limit + 1);
        if (input.status) query = query.where("status", "=", input.status);
        if (input.cursor) query = query.where("id", "<", input.cursor);
        const rows = await query.execute();
        const page = rows.slice(0, input.limit);
        const countRows = await ctx.db
          .selectFrom("email_outbox")
          .select(["status", sql<number>`count(*)::int`.as("count")])
          .groupBy("status")
          .execute();
        const counts = Object.fromEntries(EMAIL_STATUS_VALUES.map((s) => [s, 0])) as Record<
          (typeof EMAIL_STATUS_VALUES)[number],
          number
        >;
        for (const c of countRows) counts[c.status] = c.count;
        return {
          items: page.map((r) => ({
            ...outboxSummary(r),
            customerId: r.customer_id,
            nextAttemptAt: r.next_attempt_at.toISOString(),
          })),
          nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
          counts,
        };
      }),

    retry: adminProcedure
      .input(outboxRetryInput)
      .output(outboxRetryOutput)
      .mutation(async ({ ctx, input }) => {
        const done = await ctx.db.transaction().execute(async (trx) => {
          // A retried row leaves its coalescing group: it is sent as it is.
          const row = await trx
            .updateTable("email_outbox")
            .set({
              status: "queued",
              attempts: 0,
              next_attempt_at: ctx.clock.now(),
              coalesce_key: null,
              locked_until: null,
              updated_at: sql<Date>`now()`,
            })
            .where("id", "=", input.id)
            .where("status", "in", ["failed", "dead"])
            .returning("id")
            .executeTakeFirst();
          if (!row) return false;
          await audit(
            ctx,
            { action: "email.outbox.retry", targetType: "email", targetId: input.id },
            trx,
          );
          return true;
        });
        if (!done) throw notFound("No failed or dead message with that id.");
        return { id: input.id, status: "queued" as const };
      }),
  }),
});
