import type { ApiServices } from "@traveler/api/server";
import { type ChangeFeed, createChangeFeed, systemClock } from "@traveler/api/server";
import { type OpenDatabase, openDatabase, seedDemoData } from "@traveler/db";
import type { Logger } from "pino";
import type { PortalConfig } from "./config.ts";

export interface PortalServices {
  api: ApiServices & { changes: ChangeFeed };
  database: OpenDatabase;
  /** The demo shop is here (embedded database or seeded): the start message lists its logins. */
  demo: boolean;
  close(): Promise<void>;
}

/** Opens (and migrates) the database, seeds the demo shop when embedded, builds API services. */
export async function startServices(config: PortalConfig, log: Logger): Promise<PortalServices> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  log.info(
    { embedded: database.embedded },
    database.embedded ? `embedded database in ${config.dataDir}` : "connected to PostgreSQL",
  );
  const seed =
    config.seedDemo === "always" || (config.seedDemo === "auto" && database.embedded)
      ? await seedDemoData(database.db)
      : undefined;
  if (seed?.seeded) log.info(seed, "seeded the demo shop");

  // One change feed per process: tRPC subscriptions (consoles) and the portal's live pages.
  const changes = createChangeFeed({
    db: database.db,
    mode: database.embedded ? "embedded" : "listen",
    pool: database.pool,
    onError: (error: unknown) => log.warn({ err: error }, "change feed error"),
  });
  await changes.start();

  const api: ApiServices & { changes: ChangeFeed } = {
    db: database.db,
    changes,
    clock: systemClock,
    config: {
      publicUrl: config.publicUrl,
      altchaHmacKey: config.altchaHmacKey,
      emailSigningKey: config.emailSigningKey,
      customerIdleMinutes: config.customerIdleMinutes,
      staffIdleMinutes: config.staffIdleMinutes,
      sessionMaxAgeDays: config.sessionMaxAgeDays,
    },
  };
  return {
    api,
    database,
    demo: database.embedded || seed !== undefined,
    async close() {
      await changes.close();
      await database.close();
    },
  };
}
