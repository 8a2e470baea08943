import { useTestDatabase } from "@traveler/db/testing";
import type { inferProcedureInput } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { type Actor, type ApiServices, createContextInner } from "../context.ts";
import { type AppRouter, createCaller } from "../router.ts";
import { createChangeFeed } from "../sync/change-feed.ts";

const getDb = useTestDatabase();

const staff: Actor = {
  type: "staff",
  staffId: 1,
  role: "staff",
  name: "Sam Staff",
  username: "sam",
  sessionId: "s".repeat(64),
  idleExpiresAt: new Date(Date.now() + 3_600_000),
};

function services(extra: Partial<ApiServices> = {}): ApiServices {
  return {
    db: getDb().db,
    clock: systemClock,
    config: {
      publicUrl: "http://localhost:3000",
      altchaHmacKey: "k".repeat(32),
      sessionMaxAgeDays: 30,
    },
    ...extra,
  };
}

describe("sync router", () => {
  it("sync.pull refuses anonymous callers", async () => {
    const caller = createCaller(createContextInner({ services: services() }));
    await expect(caller.sync.pull({ cursor: null })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("sync.pull bootstraps for staff and rejects a forged cursor with BAD_REQUEST", async () => {
    const caller = createCaller(createContextInner({ services: services(), actor: staff }));
    const input: inferProcedureInput<AppRouter["sync"]["pull"]> = { cursor: null, limit: 100 };
    const page = await caller.sync.pull(input);
    expect(page.tables.shop_settings.values).toHaveLength(1);
    expect(page.tables.shop_settings.fields).toContain("shopName");
    expect(typeof page.cursor).toBe("string");
    await expect(caller.sync.pull({ cursor: "garbage!!" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("sync.events yields on connect and again after a change, with the cursor as event id", async () => {
    const changes = createChangeFeed({ db: getDb().db, mode: "listen", pool: getDb().pool });
    try {
      const abort = new AbortController();
      const caller = createCaller(
        createContextInner({ services: services({ changes }), actor: staff }),
        { signal: abort.signal },
      );
      const events = await caller.sync.events({ cursor: null });
      const iterator = events[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      const [id, data] = first.value as unknown as [string, { cursor: string }];
      expect(data.cursor).toBe(id);

      await getDb()
        .db.insertInto("customers")
        .values({ name: "Evented", email: "evented@example.test" })
        .execute();
      const second = await iterator.next();
      const [, payload] = second.value as unknown as [string, { tables: string[] }];
      expect(payload.tables).toContain("customers");
      abort.abort();
      await iterator.return?.();
    } finally {
      await changes.close();
    }
  });
});
