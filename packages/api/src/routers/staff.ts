import { router } from "../trpc.ts";
import { staffAuditRouter } from "./staff-audit.ts";
import { staffCustomersRouter } from "./staff-customers.ts";
import { staffJobsRouter } from "./staff-jobs.ts";
import { staffMessagesRouter } from "./staff-messages.ts";
import { staffPrintRouter } from "./staff-print.ts";
import { staffQuotesRouter } from "./staff-quotes.ts";
import { staffReportsRouter } from "./staff-reports.ts";
import { staffSettingsRouter } from "./staff-settings.ts";
import { staffUsersRouter } from "./staff-users.ts";

export const staffRouter = router({
  jobs: staffJobsRouter,
  customers: staffCustomersRouter,
  users: staffUsersRouter,
  settings: staffSettingsRouter,
  audit: staffAuditRouter,
  reports: staffReportsRouter,
  print: staffPrintRouter,
  messages: staffMessagesRouter,
  quotes: staffQuotesRouter,
});
