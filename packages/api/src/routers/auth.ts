import { hashPassword, verifyPassword } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import { createAltchaChallenge } from "../auth/altcha.ts";
import { login, loginAccountKey, signIn } from "../auth/login.ts";
import { currentHumanCheckLevel, passwordResetGate } from "../auth/login-throttle.ts";
import { findTokenCustomer, issueOneTimeToken } from "../auth/one-time-token.ts";
import { passwordProblem } from "../auth/password-policy.ts";
import { queueResetEmail } from "../email/index.ts";
import { badInput, rateLimited } from "../errors.ts";
import {
  altchaChallengeInput,
  changePasswordInput,
  checkTokenInput,
  checkTokenOutput,
  loginInput,
  loginOutput,
  meOutput,
  okOutput,
  redeemTokenInput,
  requestPasswordResetInput,
} from "../schemas/auth.ts";
import { shopContactSchema } from "../schemas/common.ts";
import { invalidateSession, invalidateSubjectSessions } from "../sessions/sessions.ts";
import { shopContact, shopSettings } from "../shop-settings.ts";
import { publicProcedure, router, signedInProcedure } from "../trpc.ts";

const INVALID_LINK = "This link is invalid or has expired. Ask the shop for a new one.";

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => login(ctx, input)),

  altchaChallenge: publicProcedure
    .input(altchaChallengeInput)
    .query(async ({ ctx, input }) =>
      createAltchaChallenge(
        ctx.config,
        input
          ? await currentHumanCheckLevel(ctx.db, loginAccountKey(input.kind, input.identifier))
          : 1,
      ),
    ),

  logout: signedInProcedure.output(okOutput).mutation(async ({ ctx }) => {
    await invalidateSession(ctx.db, ctx.actor.sessionId);
    await audit(ctx, { action: "auth.logout" });
    return { ok: true as const };
  }),

  me: publicProcedure.output(meOutput).query(({ ctx }) => {
    const a = ctx.actor;
    if (a.type === "anonymous") return { actor: null };
    return {
      actor:
        a.type === "customer"
          ? { type: a.type, name: a.name, email: a.email }
          : { type: a.type, name: a.name, role: a.role, username: a.username },
      idleExpiresAt: a.idleExpiresAt.toISOString(),
    };
  }),

  shop: publicProcedure
    .output(shopContactSchema)
    .query(async ({ ctx }) => shopContact(await shopSettings(ctx))),

  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      const address = input.email.toLowerCase();
      const gate = await passwordResetGate(ctx.db, address, ctx.request.ip);
      if (gate.state === "blocked") throw rateLimited(gate.retryAfterSeconds);
      const customer = await ctx.db
        .selectFrom("customers")
        .select(["id", "name", "email"])
        .where((eb) => eb(eb.fn("lower", ["email"]), "=", address))
        .where("deleted_at", "is", null)
        .where("portal_enabled", "=", true)
        .executeTakeFirst();
      await ctx.db.transaction().execute(async (trx) => {
        if (customer && gate.state === "send") {
          const { token, expiresAt } = await issueOneTimeToken(
            trx,
            customer.id,
            "reset",
            ctx.clock.now(),
          );
          await queueResetEmail(
            trx,
            {
              customerId: customer.id,
              to: customer.email,
              customerName: customer.name,
              link: `${ctx.config.publicUrl}/reset/${token}`,
              expiresAt,
            },
            { now: ctx.clock.now() },
          );
        }
        await audit(
          ctx,
          {
            action: "auth.reset.request",
            targetType: "customer",
            targetId: customer?.id ?? null,
            details: { sent: Boolean(customer && gate.state === "send") },
          },
          trx,
        );
      });
      return { ok: true as const };
    }),

  checkToken: publicProcedure
    .input(checkTokenInput)
    .output(checkTokenOutput)
    .query(async ({ ctx, input }) => {
      const customer = await findTokenCustomer(ctx.db, input.token, ctx.clock.now());
      if (!customer) return { valid: false };
      return { valid: true, kind: customer.kind, name: customer.name };
    }),

  redeemToken: publicProcedure
    .input(redeemTokenInput)
    .output(loginOutput)
    .mutation(async ({ ctx, input }) => {
      const customer = await findTokenCustomer(ctx.db, input.token, ctx.clock.now());
      if (!customer) throw badInput(INVALID_LINK);
      const problem = passwordProblem(input.password);
      if (problem) throw badInput(problem);
      const passwordHash = await hashPassword(input.password);
      const updated = await ctx.db.transaction().execute(async (trx) => {
        // Single use: the update only matches while the same token is still stored.
        const row = await trx
          .updateTable("customers")
          .set({
            password_hash: passwordHash,
            portal_login_token_hash: null,
            portal_login_token_kind: null,
            portal_login_token_expires_at: null,
          })
          .where("id", "=", customer.id)
          .where("portal_login_token_hash", "=", customer.tokenHash)
          .returning("id")
          .executeTakeFirst();
        if (!row) return false;
        await invalidateSubjectSessions(trx, { type: "customer", id: customer.id });
        await audit(
          ctx,
          {
            action: `auth.token.redeem`,
            targetType: "customer",
            targetId: customer.id,
            details: { kind: customer.kind },
            actor: { type: "customer", id: customer.id },
          },
          trx,
        );
        return true;
      });
      if (!updated) throw badInput(INVALID_LINK);
      return signIn(ctx, { type: "customer", id: customer.id, name: customer.name });
    }),

  changePassword: signedInProcedure
    .input(changePasswordInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      const actor = ctx.actor;
      const subject =
        actor.type === "customer"
          ? { type: "customer" as const, id: actor.customerId }
          : { type: "staff" as const, id: actor.staffId };
      const current =
        subject.type === "customer"
          ? await ctx.db
              .selectFrom("customers")
              .select("password_hash")
              .where("id", "=", subject.id)
              .executeTakeFirst()
          : await ctx.db
              .selectFrom("staff_users")
              .select("password_hash")
              .where("id", "=", subject.id)
              .executeTakeFirst();
      if (
        !current?.password_hash ||
        !(await verifyPassword(current.password_hash, input.currentPassword))
      ) {
        await audit(ctx, {
          action: "auth.password.change.failure",
          targetType: subject.type,
          targetId: subject.id,
        });
        throw new TRPCError({ code: "BAD_REQUEST", message: "The current password is incorrect." });
      }
      const problem = passwordProblem(input.newPassword);
      if (problem) throw badInput(problem);
      const passwordHash = await hashPassword(input.newPassword);
      await ctx.db.transaction().execute(async (trx) => {
        if (subject.type === "customer") {
          // A reset or invite link sent earlier must not outlive the password it would replace.
          await trx
            .updateTable("customers")
            .set({
              password_hash: passwordHash,
              portal_login_token_hash: null,
              portal_login_token_kind: null,
              portal_login_token_expires_at: null,
            })
            .where("id", "=", subject.id)
            .execute();
        } else {
          await trx
            .updateTable("staff_users")
            .set({ password_hash: passwordHash })
            .where("id", "=", subject.id)
            .execute();
        }
        await invalidateSubjectSessions(trx, subject, { exceptSessionId: actor.sessionId });
        await audit(
          ctx,
          { action: "auth.password.change", targetType: subject.type, targetId: subject.id },
          trx,
        );
      });
      return { ok: true as const };
    }),
});
