import type { Db } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import type { ApiContext } from "../context.ts";

export type StaffContext = ApiContext & { actor: Extract<ApiContext["actor"], { type: "staff" }> };

/**
 * Runs one staff write in one transaction and returns its result plus the transaction's id
 * (`txid`: the console drops its optimistic overlay once a pulled watermark passes it).
 *
 * With an idempotency key the key and the result are stored in the same transaction as the
 * effect: a repeat by the same staff user returns the stored result and writes nothing; a key
 * reused for a different procedure is refused. Two concurrent repeats serialise on the key's
 * primary key, so the effect happens once.
 */
export async function staffWrite<T extends object>(
  ctx: StaffContext,
  procedure: string,
  idempotencyKey: string | undefined,
  effect: (trx: Db) => Promise<T>,
): Promise<T & { txid: string }> {
  const committed = await ctx.db.transaction().execute(async (trx) => {
    const staffId = ctx.actor.staffId;
    if (idempotencyKey) {
      const claimed = await trx
        .insertInto("idempotency_keys")
        .values({ staff_user_id: staffId, key: idempotencyKey, procedure, result: null })
        .onConflict((oc) => oc.columns(["staff_user_id", "key"]).doNothing())
        .returning("key")
        .executeTakeFirst();
      if (!claimed) {
        const stored = await trx
          .selectFrom("idempotency_keys")
          .select(["procedure", "result"])
          .where("staff_user_id", "=", staffId)
          .where("key", "=", idempotencyKey)
          .executeTakeFirstOrThrow();
        if (stored.procedure !== procedure) {
          throw new TRPCError({
            code: "BAD_REQUEST",
            message: "This idempotency key was already used for a different operation.",
          });
        }
        return stored.result as T & { txid: string };
      }
    }
    const result = await effect(trx);
    const { rows } = await sql<{ txid: string }>`select pg_current_xact_id()::text as txid`.execute(
      trx,
    );
    const full = { ...result, txid: rows[0]!.txid };
    if (idempotencyKey) {
      await trx
        .updateTable("idempotency_keys")
        .set({ result: JSON.stringify(full) })
        .where("staff_user_id", "=", staffId)
        .where("key", "=", idempotencyKey)
        .execute();
    }
    return full;
  });
  // Wakes the change feed at once. A real server's NOTIFY does this too; on the embedded
  // database (no NOTIFY across connections) this is what makes consoles and live pages update.
  ctx.changes?.notifyLocalCommit();
  return committed;
}

/** PostgreSQL's unique_violation, for turning a duplicate into a CONFLICT with a clear message. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505"
  );
}
