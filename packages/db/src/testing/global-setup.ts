import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createDb } from "../client.ts";
import { migrateToLatest } from "../migrate.ts";
import { dropDatabase, quoteIdent, urlForDatabase, withAdminClient } from "./admin.ts";
import { holdWriteTransaction } from "./hold-transaction.ts";

declare module "vitest" {
  export interface ProvidedContext {
    travelerTemplateDb: string;
  }
}

/**
 * Vitest globalSetup: one migrated template database per run. Each test file clones it
 * (`createTestDatabase`), so files run in parallel and start from the same schema.
 */
export default async function setup(project: TestProject) {
  const run = `${process.pid}_${randomBytes(3).toString("hex")}`;
  const template = `traveler_tpl_${run}`;
  await withAdminClient(async (client) => {
    await client.query(`create database ${quoteIdent(template)}`);
  });
  const handle = createDb({ connectionString: urlForDatabase(template), max: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  project.provide("travelerTemplateDb", template);
  // Another application's write transaction stays open on the same server for the whole run.
  const release = await holdWriteTransaction("vitest");

  return async () => {
    await release();
    await withAdminClient(async (client) => {
      // Clones whose file crashed before its own cleanup are removed with the template.
      const { rows } = await client.query<{ datname: string }>(
        "select datname from pg_database where datname like $1 or datname = $2",
        [`traveler_t_${run}%`, template],
      );
      for (const row of rows) await dropDatabase(client, row.datname);
    });
  };
}
