/**
 * Email side of the API (issue 6). Every email is a row in `email_outbox`, written in the SAME
 * transaction as the change that causes it; a worker (`startEmailWorker`) sends them later.
 */

export type { ShopContact } from "../shop-settings.ts";
export {
  type DevMailMessage,
  type DevMailSummary,
  getDevMail,
  isDevMailEnabled,
  listDevMail,
} from "./dev-mail.ts";
export {
  type InviteEmail,
  type QueueOptions,
  queueInviteEmail,
  queueResetEmail,
  type ResetEmail,
} from "./queue-account-email.ts";
export {
  type JobUpdateEmail,
  MILESTONE_STATUSES,
  queueJobUpdateEmail,
} from "./queue-job-update.ts";
export {
  createUnsubscribeToken,
  emailSigningKey,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from "./unsubscribe-token.ts";
export {
  type EmailLogger,
  type EmailRunResult,
  type EmailWorker,
  type EmailWorkerOptions,
  startEmailWorker,
} from "./worker.ts";
