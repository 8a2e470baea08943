export { type Clock, manualClock, systemClock } from "./clock.ts";
export {
  type Actor,
  type ApiConfig,
  type ApiContext,
  type ApiServices,
  createContextInner,
  type RequestMeta,
} from "./context.ts";
export { type AppRouter, appRouter, createCaller } from "./router.ts";
