import { flatRoutes } from "@remix-run/fs-routes";
import type { RouteConfig } from "@remix-run/route-config";

// Remix's default flat routes (`customer.job.$jobNumber.tsx`); route-specific server code sits
// beside its route (`login.server.ts`) and is not a route itself.
export default flatRoutes({
  ignoredRouteFiles: ["**/*.server.ts", "**/*.test.ts", "**/.*"],
}) satisfies RouteConfig;
