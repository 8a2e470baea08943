import type { Db, QuoteRequestsTable } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { sql, type Updateable } from "kysely";
import { audit } from "../audit.ts";
import { badInput, notFound } from "../errors.ts";
import { shopToday } from "../quotes/create-request.ts";
import { quoteQuery, toStaffQuote } from "../quotes/quote-row.ts";
import { moveRequestFilesToJob } from "../quotes/request-files.ts";
import { currencyDecimals } from "../schemas/money.ts";
import {
  type QuoteStatusValue,
  requestNumberInput,
  staffConvertInput,
  staffDeclineInput,
  staffQuoteInput,
  staffQuoteListInput,
  staffQuoteListOutput,
  staffQuoteSchema,
} from "../schemas/quotes.ts";
import { shopSettings } from "../shop-settings.ts";
import { staffWrite } from "../staff/staff-write.ts";
import { router, staffProcedure } from "../trpc.ts";

const REQUEST_NOT_FOUND = "Quote request not found.";

/**
 * Moves a request from one of `from` to a new state in one conditional update (a concurrent
 * accept, decline or convert: the row lock orders them, and the loser's condition fails).
 */
async function transition(
  trx: Db,
  requestNumber: string,
  from: QuoteStatusValue[],
  set: Updateable<QuoteRequestsTable>,
): Promise<number> {
  const updated = await trx
    .updateTable("quote_requests")
    .set(set)
    .where("request_number", "=", requestNumber)
    .where("deleted_at", "is", null)
    .where("status", "in", from)
    .returning("id")
    .executeTakeFirst();
  if (updated) return updated.id;
  const current = await trx
    .selectFrom("quote_requests")
    .select("status")
    .where("request_number", "=", requestNumber)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!current) throw notFound(REQUEST_NOT_FOUND);
  throw new TRPCError({
    code: "CONFLICT",
    message: `This request is ${current.status} already; refresh to see its answer.`,
  });
}

/** The shop's side of quote requests: the Requests inbox, quote, decline, convert to a job. */
export const staffQuotesRouter = router({
  list: staffProcedure
    .input(staffQuoteListInput)
    .output(staffQuoteListOutput)
    .query(async ({ ctx, input }) => {
      let query = quoteQuery(ctx.db);
      if (input?.status?.length) query = query.where("q.status", "in", input.status);
      const rows = await query
        .orderBy(sql`case when q.status in ('requested', 'accepted') then 0 else 1 end`)
        .orderBy(sql`case when q.status in ('requested', 'accepted') then q.created_at end asc`)
        .orderBy("q.created_at", "desc")
        .orderBy("q.id")
        .limit(input?.limit ?? 100)
        .execute();
      const today = await shopToday(ctx);
      return { items: rows.map((r) => toStaffQuote(r, today)) };
    }),

  get: staffProcedure
    .input(requestNumberInput)
    .output(staffQuoteSchema)
    .query(async ({ ctx, input }) => {
      const row = await quoteQuery(ctx.db)
        .where("q.request_number", "=", input.requestNumber)
        .executeTakeFirst();
      if (!row) throw notFound(REQUEST_NOT_FOUND);
      return toStaffQuote(row, await shopToday(ctx));
    }),

  /** A price (integer cents) valid until a shop day; a new quote replaces an earlier one. */
  quote: staffProcedure.input(staffQuoteInput).mutation(async ({ ctx, input }) => {
    const today = await shopToday(ctx);
    if (input.validUntil < today) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "The quote must be valid until today or later.",
      });
    }
    // Prices are hundredths of the main unit; a currency without minor units takes whole amounts.
    const { currency } = await shopSettings(ctx);
    if (input.priceCents % 100 !== 0 && currencyDecimals(currency) === 0) {
      throw badInput(`Prices in ${currency} are whole amounts: enter the price without decimals.`);
    }
    return staffWrite(ctx, "staff.quotes.quote", input.idempotencyKey, async (trx) => {
      await transition(trx, input.requestNumber, ["requested", "quoted"], {
        status: "quoted",
        price_cents: input.priceCents,
        valid_until: input.validUntil,
        quote_note: input.note ?? "",
        answered_by: ctx.actor.staffId,
        answered_at: ctx.clock.now(),
      });
      await audit(
        ctx,
        {
          action: "staff.quote.quote",
          targetType: "quote_request",
          targetId: input.requestNumber,
          details: { priceCents: input.priceCents, validUntil: input.validUntil },
        },
        trx,
      );
      return { requestNumber: input.requestNumber, status: "quoted" as const };
    });
  }),

  decline: staffProcedure.input(staffDeclineInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.quotes.decline", input.idempotencyKey, async (trx) => {
      await transition(trx, input.requestNumber, ["requested", "quoted"], {
        status: "declined",
        decline_reason: input.reason,
        answered_by: ctx.actor.staffId,
        answered_at: ctx.clock.now(),
      });
      await audit(
        ctx,
        {
          action: "staff.quote.decline",
          targetType: "quote_request",
          targetId: input.requestNumber,
        },
        trx,
      );
      return { requestNumber: input.requestNumber, status: "declined" as const };
    }),
  ),

  /** One step: a job with the request's fields, linked back; returns its number. */
  convert: staffProcedure.input(staffConvertInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.quotes.convert", input.idempotencyKey, async (trx) => {
      const request = await trx
        .selectFrom("quote_requests as q")
        .innerJoin("customers as c", "c.id", "q.customer_id")
        .select([
          "q.id",
          "q.customer_id",
          "q.what",
          "q.quantity",
          "q.needed_by",
          "q.notes",
          "q.status",
        ])
        .where("q.request_number", "=", input.requestNumber)
        .where("q.deleted_at", "is", null)
        .where("c.deleted_at", "is", null)
        .forUpdate("q")
        .executeTakeFirst();
      if (!request) throw notFound(REQUEST_NOT_FOUND);
      const job = await trx
        .insertInto("jobs")
        .values({
          customer_id: request.customer_id,
          title: request.what,
          quantity: request.quantity,
          description: request.notes,
          estimated_completion: request.needed_by,
          created_by: ctx.actor.staffId,
        })
        .returning(["id", "job_number"])
        .executeTakeFirstOrThrow();
      await moveRequestFilesToJob(trx, { id: request.id, customerId: request.customer_id }, job.id);
      await transition(trx, input.requestNumber, ["requested", "quoted", "accepted"], {
        status: "converted",
        job_id: job.id,
        answered_by: ctx.actor.staffId,
        answered_at: ctx.clock.now(),
      });
      await trx
        .insertInto("job_status_history")
        .values({
          job_id: job.id,
          status: "not_started",
          progress_percentage: 0,
          notes: `Job created from quote request ${input.requestNumber}.`,
          visible_to_customer: true,
          updated_by: ctx.actor.staffId,
          created_at: ctx.clock.now(),
        })
        .execute();
      await audit(
        ctx,
        {
          action: "staff.quote.convert",
          targetType: "quote_request",
          targetId: input.requestNumber,
          details: { jobNumber: job.job_number },
        },
        trx,
      );
      return { requestNumber: input.requestNumber, jobNumber: job.job_number };
    }),
  ),
});
