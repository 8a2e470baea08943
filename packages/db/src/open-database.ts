import { join } from "node:path";
import { createDb, type DbHandle } from "./client.ts";
import { startEmbeddedDatabase } from "./embedded.ts";
import { migrateToLatest } from "./migrate.ts";

export interface OpenDatabaseOptions {
  /** A PostgreSQL server; without it the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Apply pending migrations (the default). */
  migrate?: boolean;
  poolSize?: number;
}

export interface OpenDatabase extends DbHandle {
  embedded: boolean;
  connectionString: string;
}

/** Connects to the configured database (or starts the embedded one) and migrates it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenDatabase> {
  const embedded = options.databaseUrl
    ? undefined
    : await startEmbeddedDatabase({ dataDir: join(options.dataDir, "pglite") });
  const connectionString = options.databaseUrl ?? embedded!.connectionString;
  const handle = createDb({ connectionString, max: options.poolSize ?? (embedded ? 4 : 10) });
  try {
    if (options.migrate !== false) await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    await embedded?.stop();
    throw error;
  }
  return {
    ...handle,
    embedded: Boolean(embedded),
    connectionString,
    async close() {
      await handle.close();
      await embedded?.stop();
    },
  };
}
