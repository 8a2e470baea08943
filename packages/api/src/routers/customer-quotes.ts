import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import { audit } from "../audit.ts";
import { badInput, notFound } from "../errors.ts";
import { createQuoteRequest, shopToday } from "../quotes/create-request.ts";
import { isAcceptable, quoteQuery, toCustomerQuote } from "../quotes/quote-row.ts";
import {
  customerQuoteAcceptInput,
  customerQuoteCreateInput,
  customerQuoteListOutput,
  customerQuoteSchema,
  requestNumberInput,
} from "../schemas/quotes.ts";
import { customerProcedure, router } from "../trpc.ts";

const REQUEST_NOT_FOUND = "Quote request not found.";

/** A customer's quote requests: ask, follow, accept a quoted price. Scoped by customer in SQL. */
export const customerQuotesRouter = router({
  list: customerProcedure.output(customerQuoteListOutput).query(async ({ ctx }) => {
    const today = await shopToday(ctx);
    const rows = await quoteQuery(ctx.db)
      .where("q.customer_id", "=", ctx.actor.customerId)
      .orderBy("q.created_at", "desc")
      .orderBy("q.id", "desc")
      .limit(200)
      .execute();
    return { items: rows.map((r) => toCustomerQuote(r, today)) };
  }),

  get: customerProcedure
    .input(requestNumberInput)
    .output(customerQuoteSchema)
    .query(async ({ ctx, input }) => {
      const row = await quoteQuery(ctx.db)
        .where("q.request_number", "=", input.requestNumber)
        .where("q.customer_id", "=", ctx.actor.customerId)
        .executeTakeFirst();
      if (!row) throw notFound(REQUEST_NOT_FOUND);
      return toCustomerQuote(row, await shopToday(ctx));
    }),

  create: customerProcedure
    .input(customerQuoteCreateInput)
    .output(customerQuoteSchema)
    .mutation(({ ctx, input }) => createQuoteRequest(ctx, input)),

  /**
   * Accepts a quoted price: once, while it is valid, recorded with the typed name, time, IP and
   * user agent. The update's own condition decides a race with a decline or another accept.
   */
  accept: customerProcedure
    .input(customerQuoteAcceptInput)
    .output(customerQuoteSchema)
    .mutation(async ({ ctx, input }) => {
      const today = await shopToday(ctx);
      const row = await ctx.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("quote_requests")
          .set({
            status: "accepted",
            accepted_name: input.name,
            accepted_at: ctx.clock.now(),
            accepted_ip: ctx.request.ip?.slice(0, 100) ?? null,
            accepted_user_agent: ctx.request.userAgent?.slice(0, 500) ?? null,
          })
          .where("request_number", "=", input.requestNumber)
          .where("customer_id", "=", ctx.actor.customerId)
          .where("deleted_at", "is", null)
          .where("status", "=", "quoted")
          .where(sql<boolean>`valid_until >= ${today}::date`)
          .returning("id")
          .executeTakeFirst();
        if (!updated) {
          const current = await quoteQuery(trx)
            .where("q.request_number", "=", input.requestNumber)
            .where("q.customer_id", "=", ctx.actor.customerId)
            .executeTakeFirst();
          if (!current) throw notFound(REQUEST_NOT_FOUND);
          if (current.status === "quoted" && !isAcceptable(current, today)) {
            throw badInput("This quote has expired. Ask the shop for a new one.");
          }
          throw new TRPCError({
            code: "CONFLICT",
            message:
              current.status === "accepted" || current.status === "converted"
                ? "This quote was already accepted."
                : "This request has no price to accept.",
          });
        }
        await audit(
          ctx,
          {
            action: "customer.quote.accept",
            targetType: "quote_request",
            targetId: input.requestNumber,
            details: { name: input.name },
          },
          trx,
        );
        return quoteQuery(trx).where("q.id", "=", updated.id).executeTakeFirstOrThrow();
      });
      ctx.changes?.notifyLocalCommit();
      return toCustomerQuote(row, today);
    }),
});

/** For the ETag of customer pages: a change in any of the customer's requests. */
export function customerQuotesState(customerId: number) {
  return sql`(select count(*) || ':' || coalesce(sum(version), 0)
    from quote_requests where customer_id = ${customerId})`;
}
