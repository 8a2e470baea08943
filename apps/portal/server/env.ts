import { z } from "zod";

const minutes = z.coerce
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 30);

/**
 * The portal server's whole configuration: one schema, parsed once at start. `process.env` is
 * read nowhere else in the portal.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Where to listen. Default: 127.0.0.1 on the embedded database (a first look on this
     * computer only), 0.0.0.0 with DATABASE_URL (a deployment). */
    HOST: z.string().min(1).optional(),
    /**
     * Which proxies may set X-Forwarded-For (the client IP for rate limits and the audit log):
     * "false" (none, the default), "true" (any: only behind a proxy that strips the header),
     * a hop count ("1"), or comma-separated addresses/CIDRs/"loopback".
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(
        /^(true|false|\d{1,2}|[\w.:/,\s-]+)$/,
        'use "true", "false", a hop count or comma-separated addresses',
      )
      .default("false"),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, message: "must be a postgres:// URL" })
      .optional(),
    TRAVELER_DATA_DIR: z.string().min(1).optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s):// URL" }).optional(),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ALTCHA_HMAC_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    CUSTOMER_IDLE_MINUTES: minutes.optional(),
    STAFF_IDLE_MINUTES: minutes.optional(),
    SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be an smtp:// URL" }).optional(),
    MAIL_FROM: z.string().min(3).optional(),
    /** Job updates to one customer within this many minutes go out as one email. */
    EMAIL_COALESCE_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
    /** Signs unsubscribe links; derived from ALTCHA_HMAC_KEY when unset. */
    EMAIL_SIGNING_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    /** `json` (one JSON object a line, for log shippers) or `pretty` (a short line a person reads);
     * `auto`: JSON for a production deployment (NODE_ENV=production with DATABASE_URL), else pretty. */
    LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
    /** Seed demo data into an empty embedded database (default on when embedded). */
    SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  })
  .superRefine((env, ctx) => {
    // A real server in production must not fall back to generated secrets.
    if (env.NODE_ENV === "production" && env.DATABASE_URL) {
      for (const key of ["SESSION_SECRET", "ALTCHA_HMAC_KEY", "PUBLIC_URL"] as const) {
        if (!env[key]) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "is required in production with DATABASE_URL",
          });
        }
      }
    }
  });

export type PortalEnv = z.infer<typeof schema>;

/** Parses the environment; throws one error naming every bad field. */
export function readPortalEnv(env: Record<string, string | undefined> = process.env): PortalEnv {
  // Empty strings (from `.env` templates) count as unset.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid portal configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
