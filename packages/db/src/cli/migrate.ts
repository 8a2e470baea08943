import { readDbEnv } from "../env.ts";
import { openDatabase } from "../open-database.ts";

const env = readDbEnv();
const database = await openDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.TRAVELER_DATA_DIR,
});
console.log(
  `Migrated ${database.embedded ? "the embedded database" : "DATABASE_URL"} to the latest schema.`,
);
await database.close();
