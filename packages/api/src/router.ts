import { authRouter } from "./routers/auth.ts";
import { customerRouter } from "./routers/customer.ts";
import { emailRouter } from "./routers/email.ts";
import { feedbackRouter } from "./routers/feedback.ts";
import { staffRouter } from "./routers/staff.ts";
import { syncRouter } from "./routers/sync.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  customer: customerRouter,
  email: emailRouter,
  feedback: feedbackRouter,
  staff: staffRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
