import { type EmailWorker, emailSigningKey, startEmailWorker } from "@traveler/api/server";
import type { Logger } from "pino";
import type { PortalConfig } from "./config.ts";
import type { PortalServices } from "./services.ts";

/**
 * Starts the outbox worker with the server. Several portal instances may run it at once (rows
 * are claimed with FOR UPDATE SKIP LOCKED). Without SMTP_URL it sends nothing and logs each
 * queued message's links instead.
 */
export function startPortalEmailWorker(
  config: PortalConfig,
  services: PortalServices,
  log: Logger,
): EmailWorker {
  const logger = log.child({ component: "email" });
  const mailFrom = config.mailFrom ?? `Traveler <no-reply@${new URL(config.publicUrl).hostname}>`;
  if (!config.smtpUrl) {
    logger.warn(
      "SMTP_URL is not set: emails stay queued in the outbox" +
        (config.production && config.databaseUrl ? "" : "; read them at /dev/mail"),
    );
  }
  return startEmailWorker({
    db: services.api.db,
    clock: services.api.clock,
    smtpUrl: config.smtpUrl,
    mailFrom,
    logger,
    pollMs: 2_000,
    publicUrl: config.publicUrl,
    signingKey: emailSigningKey(services.api.config),
    coalesceWindowMs: config.emailCoalesceMinutes * 60_000,
  });
}
