import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, type Db, type DbHandle } from "../client.ts";
import { dropDatabase, quoteIdent, urlForDatabase, withAdminClient } from "./admin.ts";

export { TEST_DATABASE_URL, urlForDatabase, withAdminClient } from "./admin.ts";
export { holdWriteTransaction } from "./hold-transaction.ts";

export interface TestDatabase extends DbHandle {
  name: string;
  connectionString: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** Clones this run's migrated template into a fresh database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject("travelerTemplateDb");
  const run = template.replace("traveler_tpl_", "");
  const name = `traveler_t_${run}_${randomBytes(4).toString("hex")}`;
  await withAdminClient((client) =>
    client.query(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`),
  );
  const connectionString = urlForDatabase(name);
  const handle = createDb({ connectionString, max: 8 });
  return {
    ...handle,
    name,
    connectionString,
    async drop() {
      await handle.close();
      await withAdminClient((client) => dropDatabase(client, name));
    },
  };
}

/**
 * One database for the calling test file: created before its tests, dropped after them.
 * Returns a getter because the database exists only once `beforeAll` has run.
 */
export function useTestDatabase(): () => TestDatabase & { db: Db } {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.drop();
  });
  return () => {
    if (!current) throw new Error("useTestDatabase(): the database exists only inside tests");
    return current;
  };
}
