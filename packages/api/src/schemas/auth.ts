import { z } from "zod";
import { emailSchema } from "./common.ts";

const password = z.string().min(1, "Enter your password.").max(1024);
const altcha = z.string().max(10_000).optional();

export const loginInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("customer"), email: emailSchema, password, altcha }),
  z.object({
    kind: z.literal("staff"),
    username: z.string().trim().min(1, "Enter your username.").max(64),
    password,
    altcha,
  }),
]);
export type LoginInput = z.infer<typeof loginInput>;

export const loginActorSchema = z.object({
  type: z.enum(["customer", "staff"]),
  name: z.string(),
  role: z.enum(["admin", "staff"]).optional(),
});

export const loginOutput = z.object({
  token: z.string(),
  expiresAt: z.string(),
  idleExpiresAt: z.string(),
  actor: loginActorSchema,
});
export type LoginOutput = z.infer<typeof loginOutput>;

export const meOutput = z.union([
  z.object({ actor: z.null() }),
  z.object({
    actor: z.object({
      type: z.enum(["customer", "staff"]),
      name: z.string(),
      role: z.enum(["admin", "staff"]).optional(),
      email: z.string().optional(),
      username: z.string().optional(),
    }),
    idleExpiresAt: z.string(),
  }),
]);

export const requestPasswordResetInput = z.object({ email: emailSchema, altcha });

/** Raw one-time tokens are 32 base32 characters; anything else is simply invalid. */
export const oneTimeTokenSchema = z.string().max(200);

export const checkTokenInput = z.object({ token: oneTimeTokenSchema });
export const checkTokenOutput = z.object({
  valid: z.boolean(),
  kind: z.enum(["invite", "reset"]).optional(),
  name: z.string().optional(),
});

export const newPasswordSchema = z.string().max(256, "Use at most 256 characters.");

export const redeemTokenInput = z.object({
  token: oneTimeTokenSchema,
  password: newPasswordSchema,
});

export const changePasswordInput = z.object({
  currentPassword: password,
  newPassword: newPasswordSchema,
});

export const okOutput = z.object({ ok: z.literal(true) });

/**
 * A challenge for the human check; naming the account being signed in to gives the difficulty
 * its attempts call for (without it, the easiest, which a throttled account will not accept).
 */
export const altchaChallengeInput = z
  .object({
    kind: z.enum(["customer", "staff"]),
    identifier: z.string().trim().min(1).max(254),
  })
  .optional();
