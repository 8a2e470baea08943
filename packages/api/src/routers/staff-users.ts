import { hashPassword } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { audit } from "../audit.ts";
import { passwordProblem } from "../auth/password-policy.ts";
import { badInput, notFound } from "../errors.ts";
import {
  staffUserCreateInput,
  staffUserIdInput,
  staffUserResetPasswordInput,
} from "../schemas/staff.ts";
import { invalidateSubjectSessions } from "../sessions/sessions.ts";
import { isUniqueViolation, staffWrite } from "../staff/staff-write.ts";
import { adminProcedure, router, staffProcedure } from "../trpc.ts";

const USER_NOT_FOUND = "Staff user not found.";
const USERNAME_TAKEN = "This username is taken.";

export const staffUsersRouter = router({
  /** Who can own a job: the active staff, by name (every staff member may read it). */
  directory: staffProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom("staff_users")
      .select(["id", "display_name"])
      .where("deleted_at", "is", null)
      .where("active", "=", true)
      .orderBy("display_name")
      .orderBy("id")
      .execute();
    return { items: rows.map((u) => ({ id: u.id, displayName: u.display_name })) };
  }),

  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom("staff_users")
      .select([
        "id",
        "username",
        "display_name",
        "email",
        "role",
        "active",
        "created_at",
        "version",
      ])
      .where("deleted_at", "is", null)
      .orderBy("display_name")
      .execute();
    return {
      items: rows.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        email: u.email,
        role: u.role,
        active: u.active,
        createdAt: u.created_at.toISOString(),
        version: u.version,
      })),
    };
  }),

  create: adminProcedure.input(staffUserCreateInput).mutation(async ({ ctx, input }) => {
    const problem = passwordProblem(input.password);
    if (problem) throw badInput(problem);
    const passwordHash = await hashPassword(input.password);
    return staffWrite(ctx, "staff.users.create", input.idempotencyKey, async (trx) => {
      const taken = await trx
        .selectFrom("staff_users")
        .select("id")
        .where((eb) => eb(eb.fn("lower", ["username"]), "=", input.username.toLowerCase()))
        .executeTakeFirst();
      if (taken) throw new TRPCError({ code: "CONFLICT", message: USERNAME_TAKEN });
      const row = await trx
        .insertInto("staff_users")
        .values({
          username: input.username,
          display_name: input.displayName,
          email: input.email ?? null,
          role: input.role,
          password_hash: passwordHash,
        })
        .returning([
          "id",
          "username",
          "display_name",
          "email",
          "role",
          "active",
          "created_at",
          "version",
        ])
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) {
            throw new TRPCError({ code: "CONFLICT", message: USERNAME_TAKEN });
          }
          throw error;
        });
      const user = {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        email: row.email,
        role: row.role,
        active: row.active,
        createdAt: row.created_at.toISOString(),
        version: row.version,
      };
      await audit(
        ctx,
        {
          action: "staff.user.create",
          targetType: "staff_user",
          targetId: row.id,
          details: {
            after: {
              username: user.username,
              displayName: user.displayName,
              email: user.email,
              role: user.role,
            },
          },
        },
        trx,
      );
      return { user };
    });
  }),

  deactivate: adminProcedure.input(staffUserIdInput).mutation(({ ctx, input }) => {
    if (input.staffId === ctx.actor.staffId) {
      throw badInput("You cannot deactivate your own account.");
    }
    return staffWrite(ctx, "staff.users.deactivate", input.idempotencyKey, async (trx) => {
      const before = await trx
        .selectFrom("staff_users")
        .select(["id", "active"])
        .where("id", "=", input.staffId)
        .where("deleted_at", "is", null)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound(USER_NOT_FOUND);
      if (before.active) {
        await trx
          .updateTable("staff_users")
          .set({ active: false })
          .where("id", "=", before.id)
          .execute();
        await invalidateSubjectSessions(trx, { type: "staff", id: before.id });
        await audit(
          ctx,
          {
            action: "staff.user.deactivate",
            targetType: "staff_user",
            targetId: before.id,
            details: { changes: { active: { before: true, after: false } } },
          },
          trx,
        );
      }
      return { ok: true as const, staffId: before.id };
    });
  }),

  resetPassword: adminProcedure
    .input(staffUserResetPasswordInput)
    .mutation(async ({ ctx, input }) => {
      const problem = passwordProblem(input.password);
      if (problem) throw badInput(problem);
      const exists = await ctx.db
        .selectFrom("staff_users")
        .select("id")
        .where("id", "=", input.staffId)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      if (!exists) throw notFound(USER_NOT_FOUND);
      const passwordHash = await hashPassword(input.password);
      return staffWrite(ctx, "staff.users.resetPassword", input.idempotencyKey, async (trx) => {
        const row = await trx
          .updateTable("staff_users")
          .set({ password_hash: passwordHash })
          .where("id", "=", input.staffId)
          .where("deleted_at", "is", null)
          .returning("id")
          .executeTakeFirst();
        if (!row) throw notFound(USER_NOT_FOUND);
        await invalidateSubjectSessions(trx, { type: "staff", id: row.id });
        await audit(
          ctx,
          { action: "staff.user.resetPassword", targetType: "staff_user", targetId: row.id },
          trx,
        );
        return { ok: true as const, staffId: row.id };
      });
    }),
});
