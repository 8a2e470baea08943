export { type CreateDbOptions, createDb, type Db, type DbHandle } from "./client.ts";
export { DEMO_LOGINS, DEMO_SHOP } from "./demo-data.ts";
export { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded.ts";
export { DEFAULT_DATA_DIR, readDbEnv } from "./env.ts";
export { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./errors.ts";
export {
  BENCH_CUSTOMER_PASSWORD,
  benchCustomerEmail,
  type GenerateResult,
  generateBulkData,
} from "./generate.ts";
export { migrateToLatest } from "./migrate.ts";
export { type OpenDatabase, openDatabase } from "./open-database.ts";
export { hashPassword, PASSWORD_HASH_OPTIONS, verifyPassword } from "./passwords.ts";
export * from "./schema.ts";
export { type SeedResult, seedDemoData } from "./seed.ts";
