import type { z } from "zod";
import { audit } from "../audit.ts";
import type { ApiContext } from "../context.ts";
import { badInput } from "../errors.ts";
import type { customerQuoteCreateInput } from "../schemas/quotes.ts";
import { dayInZone } from "../schemas/shop-time.ts";
import { shopSettings } from "../shop-settings.ts";
import { quoteQuery, toCustomerQuote } from "./quote-row.ts";
import { insertStoredRequestFiles, type StoredRequestFile } from "./request-files.ts";

type Customer = Extract<ApiContext["actor"], { type: "customer" }>;

/** Today in shop time: validity dates and needed-by dates are shop days. */
export async function shopToday(ctx: ApiContext): Promise<string> {
  return dayInZone(ctx.clock.now(), (await shopSettings(ctx)).timeZone);
}

/**
 * A customer's new quote request, with the files already taken in by the files intake (the
 * portal's form upload): the request and its file rows are written in one transaction. The
 * caller deletes the stored bytes when this throws (a refused request stores nothing).
 */
export async function createQuoteRequest(
  ctx: ApiContext & { actor: Customer },
  input: z.output<typeof customerQuoteCreateInput>,
  files: readonly StoredRequestFile[] = [],
) {
  const today = await shopToday(ctx);
  if (input.neededBy !== null && input.neededBy < today) {
    throw badInput("The needed-by date is in the past. Choose today or a later day.");
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("quote_requests")
      .values({
        customer_id: ctx.actor.customerId,
        what: input.what,
        quantity: input.quantity,
        needed_by: input.neededBy,
        notes: input.notes,
        created_at: ctx.clock.now(),
      })
      .returning(["id", "request_number"])
      .executeTakeFirstOrThrow();
    await insertStoredRequestFiles(trx, inserted.id, files);
    await audit(
      ctx,
      {
        action: "customer.quote.request",
        targetType: "quote_request",
        targetId: inserted.request_number,
        ...(files.length > 0 ? { details: { files: files.map((f) => f.fileName) } } : {}),
      },
      trx,
    );
    return quoteQuery(trx).where("q.id", "=", inserted.id).executeTakeFirstOrThrow();
  });
  ctx.changes?.notifyLocalCommit();
  return toCustomerQuote(row, today);
}
