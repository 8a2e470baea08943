import type { Db } from "@traveler/db";
import type { Clock } from "./clock.ts";
import type { ChangeFeed } from "./sync/change-feed.ts";

/*
 * The API's process-wide services and the caller's identity: types only, so that sessions, the
 * context and the routers can all name them without importing each other.
 */

/** Settings of the API that come from the deployable's env (never read from process.env here). */
export interface ApiConfig {
  /** Public base URL of the portal, for links in emails (e.g. http://localhost:3000). */
  publicUrl: string;
  /** HMAC key for ALTCHA challenges. */
  altchaHmacKey: string;
  /** Signs one-click unsubscribe links in emails; derived from altchaHmacKey when absent. */
  emailSigningKey?: string | undefined;
  /** Overrides of the idle timeouts in shop_settings (tests use short ones). */
  customerIdleMinutes?: number | undefined;
  staffIdleMinutes?: number | undefined;
  /** Absolute session lifetime. */
  sessionMaxAgeDays: number;
  /**
   * Upper bound of the ALTCHA proof-of-work counter (default 50 000: well under a second in a
   * browser). Tests use a small one.
   */
  altchaMaxNumber?: number | undefined;
  /** Multiplies the growing delay before a failed sign-in is answered (default 1; tests 0). */
  loginDelayScale?: number | undefined;
}

/** Who is calling, resolved from the session cookie or Bearer token before any procedure runs. */
export type Actor =
  | { type: "anonymous" }
  | {
      type: "customer";
      customerId: number;
      name: string;
      email: string;
      sessionId: string;
      idleExpiresAt: Date;
    }
  | {
      type: "staff";
      staffId: number;
      role: "admin" | "staff";
      name: string;
      username: string;
      sessionId: string;
      idleExpiresAt: Date;
    };

/** Process-wide services the API needs; built once by the deployable (portal server, tests). */
export interface ApiServices {
  db: Db;
  clock: Clock;
  config: ApiConfig;
  /** The process's change feed (sync.events, live pages); absent in plain in-process callers. */
  changes?: ChangeFeed | undefined;
}
