import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isDevMailEnabled } from "@traveler/api/server";

/** 404 unless the development mail page is on (no SMTP_URL, not a production deployment). */
export function requireDevMail(context: AppLoadContext): void {
  const { config } = context;
  const enabled = isDevMailEnabled({
    smtpUrl: config.smtpUrl,
    embeddedDatabase: !config.databaseUrl,
    nodeEnv: config.production ? "production" : "development",
  });
  if (!enabled) throw data({ message: "We could not find that page." }, { status: 404 });
}
