import { DEMO_LOGINS } from "../demo-data.ts";
import { readDbEnv } from "../env.ts";
import { openDatabase } from "../open-database.ts";
import { seedDemoData } from "../seed.ts";

const env = readDbEnv();
const database = await openDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.TRAVELER_DATA_DIR,
});
try {
  const result = await seedDemoData(database.db);
  if (!result.seeded) {
    console.log("The database already has staff users; demo data was not added.");
  } else {
    console.log(
      `Demo shop created: ${result.staff} staff, ${result.customers} customers, ${result.jobs} jobs, ${result.history} history entries.`,
    );
    console.log(`  admin: ${DEMO_LOGINS.admin.username} / ${DEMO_LOGINS.admin.password}`);
    console.log(`  staff: ${DEMO_LOGINS.staff.username} / ${DEMO_LOGINS.staff.password}`);
    console.log(
      `  customers: maria@chenbakery.example (and 7 more) / ${DEMO_LOGINS.customerPassword}`,
    );
  }
} finally {
  await database.close();
}
