import { holdWriteTransaction } from "@traveler/db/testing/hold-transaction";
import { startPortal } from "../../server/testing/portal-process.ts";

/** Fresh database + the built portal server; returns the teardown. */
export default async function globalSetup() {
  // Another application's write transaction stays open on the same server for the whole run.
  const release = await holdWriteTransaction("portal_e2e");
  const portal = await startPortal({
    env: {
      // Short idle timeouts; tests move session deadlines in the database where they need to.
      CUSTOMER_IDLE_MINUTES: "5",
      STAFF_IDLE_MINUTES: "5",
      // The throttle tests speak for other client addresses through X-Forwarded-For.
      TRUST_PROXY: "loopback",
    },
  });
  process.env.PORTAL_URL = portal.baseUrl;
  process.env.PORTAL_DATABASE_URL = portal.databaseUrl ?? "";

  return async () => {
    await portal.stop();
    await release();
  };
}
