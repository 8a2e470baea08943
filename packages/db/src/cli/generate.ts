import { parseArgs } from "node:util";
import { readDbEnv } from "../env.ts";
import { BENCH_CUSTOMER_PASSWORD, generateBulkData } from "../generate.ts";
import { openDatabase } from "../open-database.ts";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "10000" },
    jobs: { type: "string", default: "100000" },
  },
});
const customers = Number(values.customers);
const jobs = Number(values.jobs);
if (!Number.isInteger(customers) || customers < 1 || !Number.isInteger(jobs) || jobs < 0) {
  console.error("Usage: npm run db:generate -- --customers <n ≥ 1> --jobs <n ≥ 0>");
  process.exit(2);
}

const env = readDbEnv();
const database = await openDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.TRAVELER_DATA_DIR,
});
try {
  const result = await generateBulkData(database.db, {
    customers,
    jobs,
    onProgress: (message) => process.stderr.write(`\r${message}        `),
  });
  process.stderr.write("\n");
  console.log(
    `Generated ${result.customers} customers, ${result.jobs} jobs, ${result.history} history entries, ${result.auditRows} portal sign-ins and job views and ${result.ratings} ratings in ${(result.ms / 1000).toFixed(1)} s.`,
  );
  console.log(
    `  and ${result.conversations.messages} messages on jobs, ${result.conversations.quoteRequests} quote requests.`,
  );
  console.log(
    `  customers sign in as ${result.firstCustomerEmail} (c1..c${result.customers}) / ${BENCH_CUSTOMER_PASSWORD}`,
  );
} finally {
  await database.close();
}
