import type { Actor, ApiServices } from "@traveler/api/server";
import type { RequestFaults } from "../app/lib/faults.tsx";
import type { PageAssets } from "../app/lib/page-assets.tsx";
import type { PortalConfig } from "./config.ts";

/** What every loader and action receives as `context` (see getLoadContext in server/app.ts). */
export interface PortalLoadContext {
  services: ApiServices;
  config: PortalConfig;
  cspNonce: string;
  requestId: string;
  ip: string | null;
  /** Identifies this build; part of page ETags so a deploy invalidates cached pages. */
  buildId: string;
  /** Filled while the request is served (see entry.server's handleError). */
  faults: RequestFaults;
  /** Browser modules and the stylesheet (inline or linked) for this response. */
  assets: PageAssets;
  /**
   * The request's session, looked up once (one statement that also slides the idle deadline)
   * and shared by the server's middleware and every loader of the request.
   */
  session: () => Promise<RequestSession | null>;
}

export interface RequestSession {
  actor: Exclude<Actor, { type: "anonymous" }>;
  sessionToken: string;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends PortalLoadContext {}
}
