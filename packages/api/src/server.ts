export { passwordProblem } from "./auth/password-policy.ts";
export { type Clock, manualClock, systemClock } from "./clock.ts";
export {
  type Actor,
  type ApiConfig,
  type ApiContext,
  type ApiServices,
  createContextFromHeaders,
  createContextInner,
  type RequestMeta,
} from "./context.ts";
export {
  type DevMailMessage,
  type DevMailSummary,
  type EmailLogger,
  type EmailWorker,
  type EmailWorkerOptions,
  emailSigningKey,
  getDevMail,
  isDevMailEnabled,
  listDevMail,
  startEmailWorker,
} from "./email/index.ts";
export {
  CaptchaRequiredError,
  loginThrottleInfo,
  RateLimitedError,
  VersionConflictError,
} from "./errors.ts";
export { attachFileAsCustomer, attachFileAsStaff } from "./files/attach-job-file.ts";
export { createFileStorage } from "./files/create-storage.ts";
export {
  customerFileForDownload,
  customerFileThumbnail,
  type FileForDownload,
  staffFileForDownload,
  staffFileThumbnail,
} from "./files/job-file-access.ts";
export { PgFileStorage } from "./files/pg-storage.ts";
export { type ByteRange, type FileStorage, RangeNotSatisfiableError } from "./files/storage.ts";
export { ORPHAN_GRACE_MS, sweepOrphanFiles } from "./files/sweep-orphans.ts";
export { createQuoteRequest } from "./quotes/create-request.ts";
export {
  customerRequestFileForDownload,
  customerRequestFiles,
  type RequestFile,
  staffRequestFileForDownload,
  staffRequestFiles,
} from "./quotes/request-file-access.ts";
export {
  discardStoredFiles,
  intakeRequestFile,
  type StoredRequestFile,
} from "./quotes/request-files.ts";
export { type AppRouter, appRouter, createCaller } from "./router.ts";
export {
  readCookie,
  serializeClearedSessionCookie,
  serializeSessionCookie,
  sessionCookieName,
} from "./sessions/session-cookie.ts";
export { hashToken } from "./sessions/session-token.ts";
export {
  createSession,
  invalidateSession,
  invalidateSubjectSessions,
  onSessionsEnded,
  resolveSession,
} from "./sessions/sessions.ts";
export {
  type ChangeBatch,
  type ChangeFeed,
  type ChangeFeedOptions,
  createChangeFeed,
} from "./sync/change-feed.ts";
export { cursorSnapshotOf, InvalidCursorError } from "./sync/cursor.ts";
export { type PullResult, pull, type SyncRows, type SyncTable } from "./sync/pull.ts";
export { batchProblem, MAX_BATCH_SIZE, UNBATCHED_PROCEDURES } from "./trpc.ts";
