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
  // Embedded: ONE connection. PGlite is a single PostgreSQL session behind the socket; with
  // several pool connections, requests right after a write intermittently saw an older snapshot
  // (a session row "missing" right after login, writes refused as read-only). One connection
  // serialises every query and transaction, which is what PGlite does anyway.
  const handle = createDb({ connectionString, max: options.poolSize ?? (embedded ? 1 : 10) });
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
