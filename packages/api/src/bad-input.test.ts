import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./context.ts";
import { appRouter } from "./router.ts";
import { callerAs, seedSignedInShop, useApiTestKit } from "./testing/api-test-kit.ts";

/**
 * Property: every procedure, fed inputs its schema refuses (wrong types, huge strings, negative
 * or NaN numbers, unknown statuses, SQL/HTML metacharacters, NUL bytes), answers with a 4xx
 * TRPCError (never a 500) and leaves every table exactly as it was.
 */
const kit = useApiTestKit();
const actors = {} as Record<"anonymous" | "customer" | "admin", Actor>;

beforeAll(async () => {
  const shop = await seedSignedInShop(kit.services(), "#333");
  actors.anonymous = { type: "anonymous" };
  actors.customer = shop.alice;
  actors.admin = shop.admin;
});

/** md5 of every row of every table: any insert, update or delete changes it. */
async function digest(): Promise<string> {
  const { db } = kit.database();
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = 'public' and tablename not like 'kysely_%' order by tablename`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const row = await sql<{ h: string | null }>`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h
      from ${sql.table(name)} t`.execute(db);
    parts.push(`${name}:${row.rows[0]?.h}`);
  }
  return parts.join(",");
}

const NASTY_STRINGS = [
  "'; drop table jobs; --",
  "J-2025-0001' or '1'='1",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "%",
  "_",
  "\\",
  "\u0000",
  "a\u0000b",
  // Lone UTF-16 surrogates (PostgreSQL's text and jsonb refuse them) and impossible dates.
  "\ud800",
  "a\udfffb",
  "\udc00\ud800",
  "2026-02-30",
  "0000-01-01",
  "2026-13-01",
  "9999-99-99",
  "done",
  "unknown_status",
  "COMPLETED",
  "-1",
  "NaN",
  "9".repeat(400),
  "",
  " ",
];

const badScalar = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.constant("x".repeat(300_000)),
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5, 2 ** 60),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1, maxKeys: 3 }),
);

const KEYS = [
  "kind",
  "email",
  "password",
  "username",
  "altcha",
  "token",
  "jobNumber",
  "photoId",
  "fileId",
  "fileName",
  "variant",
  "q",
  "from",
  "to",
  "sort",
  "page",
  "pageSize",
  "status",
  "customerId",
  "title",
  "version",
  "patch",
  "progress",
  "note",
  "visibleToCustomer",
  "base64",
  "caption",
  "idempotencyKey",
  "enabled",
  "staffId",
  "role",
  "displayName",
  "name",
  "limit",
  "cursor",
  "action",
  "actorType",
  "includeCompleted",
  "newPassword",
  "currentPassword",
  "preference",
  "specifications",
  "estimatedCompletion",
  "quantity",
];

/** Plausible-looking objects with wrong values, plus anything at all. */
const badInput = fc.oneof(
  fc.record({ q: fc.constantFrom("a\u0000", "\u0000"), page: fc.constant(1) }),
  fc.record({
    jobNumber: fc.constant("J-2025-0001"),
    variant: fc.constant("full"),
    photoId: fc.constant(1),
    fileId: fc.constant(1),
    note: fc.constant("x\u0000"),
    caption: fc.constant("x\u0000"),
  }),
  fc.dictionary(fc.constantFrom(...KEYS), badScalar, { minKeys: 1, maxKeys: 6 }),
  fc.record({
    jobNumber: fc.constantFrom(...NASTY_STRINGS),
    status: badScalar,
    version: badScalar,
    patch: fc.dictionary(fc.constantFrom(...KEYS), badScalar, { maxKeys: 3 }),
  }),
  fc.anything({ maxDepth: 2 }),
);

type Parser = { safeParse?: (value: unknown) => { success: boolean } };

function procedureAt(caller: unknown, path: string): (input: unknown) => Promise<unknown> {
  return path.split(".").reduce((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
}

const PROCEDURES = Object.entries(appRouter._def.procedures as Record<string, unknown>)
  .map(([path, procedure]) => {
    const def = (procedure as { _def: { inputs: Parser[]; type: string } })._def;
    return { path, inputs: def.inputs };
  })
  .filter((p) => p.inputs.length > 0);

function actorFor(path: string): Actor {
  if (
    path.startsWith("staff.") ||
    path.startsWith("sync.") ||
    path.startsWith("email.outbox") ||
    path === "email.forCustomer"
  ) {
    return actors.admin;
  }
  if (
    path.startsWith("customer.") ||
    path.startsWith("email.preference") ||
    path === "auth.changePassword"
  ) {
    return actors.customer;
  }
  return actors.anonymous;
}

describe("bad input never causes a 500 or a write", () => {
  it("covers procedures", () => {
    expect(PROCEDURES.length).toBeGreaterThan(30);
  });

  for (const { path, inputs } of PROCEDURES) {
    it(path, async () => {
      const before = await digest();
      const caller = callerAs(kit.services(), actorFor(path));
      await fc.assert(
        fc.asyncProperty(badInput, async (input) => {
          // Bad = refused by the procedure's own schema, or carrying a NUL byte (which
          // PostgreSQL text cannot store, so the API must refuse it before the database does).
          const schemaAccepts = inputs.every(
            (parser) => parser.safeParse?.(input).success === true,
          );
          fc.pre(!schemaAccepts || JSON.stringify(input ?? null).includes("\\u0000"));
          const error = await procedureAt(
            caller,
            path,
          )(input).then(
            () => null,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(TRPCError);
          const status = getHTTPStatusCodeFromError(error as TRPCError);
          expect(
            status,
            `${(error as TRPCError).code}: ${(error as Error).message}`,
          ).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        }),
        { numRuns: 30 },
      );
      expect(await digest()).toBe(before);
    });
  }

  describe("lone surrogates anywhere never cause a 500", () => {
    const surrogate = fc.constantFrom("\ud800", "x\udbffy", "\udc00", "ok\ud83d");
    /** Every string of a value gets a lone surrogate inserted. */
    function poison(value: unknown, extra: string): unknown {
      if (typeof value === "string") return `${value}${extra}`;
      if (Array.isArray(value)) return value.map((v) => poison(v, extra));
      if (value && typeof value === "object") {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [`${k}`, poison(v, extra)]),
        );
      }
      return value;
    }
    const plausible = fc.record({
      kind: fc.constantFrom("customer", "staff"),
      email: fc.constant("alice@example.test"),
      username: fc.constant("admin"),
      password: fc.constant("some password"),
      q: fc.constant("sign"),
      jobNumber: fc.constant("J-2025-0001"),
      note: fc.constant("note"),
      token: fc.constant("abcdefghijklmnopqrstuvwxyz234567"),
      name: fc.constant("Name"),
      title: fc.constant("Title"),
    });

    for (const { path } of PROCEDURES) {
      it(path, async () => {
        const caller = callerAs(kit.services(), actorFor(path));
        await fc.assert(
          fc.asyncProperty(plausible, surrogate, async (input, extra) => {
            const error = await procedureAt(
              caller,
              path,
            )(poison(input, extra)).then(
              () => null,
              (e: unknown) => e,
            );
            if (error === null) return;
            expect(error).toBeInstanceOf(TRPCError);
            const status = getHTTPStatusCodeFromError(error as TRPCError);
            expect(
              status,
              `${(error as TRPCError).code}: ${(error as Error).message}`,
            ).toBeLessThan(500);
          }),
          { numRuns: 5 },
        );
      });
    }

    it("a sign-in with a lone surrogate is refused normally and audited with U+FFFD", async () => {
      const error = await callerAs(kit.services())
        .auth.login({ kind: "staff", username: "eve\ud800", password: "whatever-pass" })
        .catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe("UNAUTHORIZED");
      const row = await kit
        .database()
        .db.selectFrom("audit_log")
        .select("details")
        .where("action", "=", "auth.login.failure")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(row.details.identifier).toBe("eve\ufffd");
    });
  });
});
