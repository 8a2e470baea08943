import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isDevMailEnabled } from "@traveler/api/server";
import { requireAdmin } from "../lib/session.server.ts";

/**
 * 404 unless the development mail page is on (no SMTP_URL, not a production deployment); then
 * only a signed-in admin may read it (it holds invitation and password-reset links).
 */
export async function requireDevMail(request: Request, context: AppLoadContext): Promise<void> {
  const { config } = context;
  const enabled = isDevMailEnabled({
    smtpUrl: config.smtpUrl,
    embeddedDatabase: !config.databaseUrl,
    nodeEnv: config.production ? "production" : "development",
  });
  if (!enabled) throw data({ message: "We could not find that page." }, { status: 404 });
  await requireAdmin(request, context);
}
