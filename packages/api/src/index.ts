/** Browser- and console-safe entry: types only. Server code lives in `@traveler/api/server`. */
export type { AppRouter } from "./router.ts";
