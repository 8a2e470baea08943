import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DATA_DIR } from "@traveler/db";
import type { PortalEnv } from "./env.ts";

/** Settings the portal server and its loaders use, derived once from the env. */
export interface PortalConfig {
  production: boolean;
  port: number;
  host: string;
  /** Express's "trust proxy" (see TRUST_PROXY). */
  trustProxy: boolean | number | string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Public base URL (links in emails, Origin check); defaults to http://localhost:PORT. */
  publicUrl: string;
  /** True behind TLS: `__Host-` cookie, Secure, HSTS. */
  secure: boolean;
  sessionSecret: string;
  altchaHmacKey: string;
  customerIdleMinutes: number | undefined;
  staffIdleMinutes: number | undefined;
  sessionMaxAgeDays: number;
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  /** Job-update emails to one customer within this window are merged (minutes). */
  emailCoalesceMinutes: number;
  emailSigningKey: string | undefined;
  logLevel: PortalEnv["LOG_LEVEL"];
  /** JSON lines for a deployment; short readable lines for a person at a terminal. */
  logFormat: "json" | "pretty";
  seedDemo: PortalEnv["SEED_DEMO"];
}

interface StoredSecrets {
  sessionSecret: string;
  altchaHmacKey: string;
}

/**
 * Secrets for the embedded/dev setup: generated once and kept in the data dir (mode 0600) so
 * sessions and captcha challenges survive restarts. Production with a real database requires
 * them in the env (the env schema enforces that).
 */
function loadOrCreateSecrets(dataDir: string): StoredSecrets {
  const file = join(dataDir, "portal-secrets.json");
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<StoredSecrets>;
    if (parsed.sessionSecret && parsed.altchaHmacKey) {
      return { sessionSecret: parsed.sessionSecret, altchaHmacKey: parsed.altchaHmacKey };
    }
  } catch {
    // Missing or unreadable: create below.
  }
  const secrets: StoredSecrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    altchaHmacKey: randomBytes(32).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

export function buildConfig(env: PortalEnv): PortalConfig {
  const dataDir = env.TRAVELER_DATA_DIR ?? DEFAULT_DATA_DIR;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const needsStored = !env.SESSION_SECRET || !env.ALTCHA_HMAC_KEY;
  const stored = needsStored ? loadOrCreateSecrets(dataDir) : undefined;
  return {
    production: env.NODE_ENV === "production",
    port: env.PORT,
    host: env.HOST ?? (env.DATABASE_URL ? "0.0.0.0" : "127.0.0.1"),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    databaseUrl: env.DATABASE_URL,
    dataDir,
    publicUrl,
    secure: publicUrl.startsWith("https://"),
    sessionSecret: env.SESSION_SECRET ?? stored!.sessionSecret,
    altchaHmacKey: env.ALTCHA_HMAC_KEY ?? stored!.altchaHmacKey,
    customerIdleMinutes: env.CUSTOMER_IDLE_MINUTES,
    staffIdleMinutes: env.STAFF_IDLE_MINUTES,
    sessionMaxAgeDays: env.SESSION_MAX_AGE_DAYS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    emailCoalesceMinutes: env.EMAIL_COALESCE_MINUTES,
    emailSigningKey: env.EMAIL_SIGNING_KEY,
    logLevel: env.LOG_LEVEL,
    logFormat:
      env.LOG_FORMAT === "auto"
        ? env.NODE_ENV === "production" && env.DATABASE_URL
          ? "json"
          : "pretty"
        : env.LOG_FORMAT,
    seedDemo: env.SEED_DEMO,
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
