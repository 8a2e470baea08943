import type { Db } from "@traveler/db";
import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import { audit, changedFields } from "../audit.ts";
import { issueOneTimeToken } from "../auth/one-time-token.ts";
import type { ApiContext } from "../context.ts";
import { queueInviteEmail } from "../email/index.ts";
import { badInput, notFound } from "../errors.ts";
import { containsPattern } from "../like-pattern.ts";
import { CUSTOMER_FIELD_LABELS } from "../schemas/labels.ts";
import {
  customerIdInput,
  staffCustomerCreateInput,
  staffCustomerInviteInput,
  staffCustomerListInput,
  staffCustomerPortalInput,
  staffCustomerUpdateInput,
} from "../schemas/staff.ts";
import { invalidateSubjectSessions } from "../sessions/sessions.ts";
import { mergeEdit } from "../staff/merge-edit.ts";
import { isUniqueViolation, staffWrite } from "../staff/staff-write.ts";
import { router, staffProcedure } from "../trpc.ts";

const CUSTOMER_NOT_FOUND = "Customer not found.";
const EMAIL_TAKEN = "Another customer already uses this email address.";

export interface StaffCustomer {
  id: number;
  name: string;
  company: string | null;
  email: string;
  phone: string | null;
  address: string | null;
  portalEnabled: boolean;
  hasPassword: boolean;
  invitePending: boolean;
  lastLoginAt: string | null;
  notifyPreference: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  version: number;
}

function customerQuery(db: Db) {
  return db
    .selectFrom("customers")
    .select([
      "id",
      "name",
      "company",
      "email",
      "phone",
      "address",
      "portal_enabled",
      sql<boolean>`password_hash is not null`.as("has_password"),
      "portal_login_token_kind",
      "portal_login_token_expires_at",
      "portal_last_login",
      "notify_preference",
      "created_at",
      "updated_at",
      "deleted_at",
      "version",
    ]);
}

type CustomerRow = Awaited<ReturnType<ReturnType<typeof customerQuery>["executeTakeFirstOrThrow"]>>;

function toStaffCustomer(row: CustomerRow, now: Date): StaffCustomer {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    address: row.address,
    portalEnabled: row.portal_enabled,
    hasPassword: row.has_password,
    invitePending:
      row.portal_login_token_kind === "invite" &&
      row.portal_login_token_expires_at !== null &&
      row.portal_login_token_expires_at > now,
    lastLoginAt: row.portal_last_login?.toISOString() ?? null,
    notifyPreference: row.notify_preference,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
    version: row.version,
  };
}

async function loadCustomer(db: Db, id: number, now: Date, forUpdate = false) {
  let query = customerQuery(db).where("id", "=", id).where("deleted_at", "is", null);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toStaffCustomer(row, now) : null;
}

async function emailTaken(db: Db, email: string, exceptId?: number): Promise<boolean> {
  let query = db
    .selectFrom("customers")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .where("deleted_at", "is", null);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return Boolean(await query.executeTakeFirst());
}

/** Stores a fresh invite token and queues the invitation email, in the caller's transaction. */
async function invite(ctx: ApiContext, trx: Db, customer: StaffCustomer) {
  const { token, expiresAt } = await issueOneTimeToken(trx, customer.id, "invite", ctx.clock.now());
  await queueInviteEmail(
    trx,
    {
      customerId: customer.id,
      to: customer.email,
      customerName: customer.name,
      link: `${ctx.config.publicUrl}/invite/${token}`,
      expiresAt,
    },
    { now: ctx.clock.now() },
  );
  return expiresAt;
}

function rethrowDuplicate(error: unknown): never {
  if (isUniqueViolation(error)) throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN });
  throw error;
}

export const staffCustomersRouter = router({
  list: staffProcedure.input(staffCustomerListInput).query(async ({ ctx, input }) => {
    const page = input?.page ?? 1;
    const limit = input?.limit ?? 50;
    let query = ctx.db.selectFrom("customers");
    if (!input?.includeDeleted) query = query.where("deleted_at", "is", null);
    const q = input?.q;
    if (q) {
      const pattern = containsPattern(q);
      // Phone numbers are written many ways: "(503) 555-0142" is found by "503 555 0142".
      const digits = q.replace(/\D/g, "");
      query = query.where((eb) =>
        eb.or([
          eb("name", "ilike", pattern),
          eb("company", "ilike", pattern),
          eb("email", "ilike", pattern),
          eb("phone", "ilike", pattern),
          ...(digits.length >= 3
            ? [eb(sql`regexp_replace(phone, '\\D', '', 'g')`, "like", `%${digits}%`)]
            : []),
        ]),
      );
    }
    const ids = await query
      .select("id")
      .orderBy("name")
      .orderBy("id")
      .limit(limit)
      .offset((page - 1) * limit)
      .execute();
    const [rows, count, active] = await Promise.all([
      ids.length
        ? customerQuery(ctx.db)
            .where(
              "id",
              "in",
              ids.map((r) => r.id),
            )
            .orderBy("name")
            .orderBy("id")
            .execute()
        : [],
      query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      ids.length
        ? ctx.db
            .selectFrom("jobs")
            .select(["customer_id", (eb) => eb.fn.countAll<string>().as("n")])
            .where(
              "customer_id",
              "in",
              ids.map((r) => r.id),
            )
            .where("deleted_at", "is", null)
            .where("status", "<>", "completed")
            .groupBy("customer_id")
            .execute()
        : [],
    ]);
    const activeBy = new Map(active.map((a) => [a.customer_id, Number(a.n)]));
    const now = ctx.clock.now();
    return {
      items: rows.map((r) => ({ ...toStaffCustomer(r, now), activeJobs: activeBy.get(r.id) ?? 0 })),
      total: Number(count.n),
      page,
      limit,
    };
  }),

  get: staffProcedure.input(customerIdInput).query(async ({ ctx, input }) => {
    const row = await customerQuery(ctx.db).where("id", "=", input.customerId).executeTakeFirst();
    if (!row) throw notFound(CUSTOMER_NOT_FOUND);
    const jobs = await ctx.db
      .selectFrom("jobs")
      .select([
        "job_number",
        "title",
        "status",
        "progress_percentage",
        "estimated_completion",
        "completed_at",
        "updated_at",
      ])
      .where("customer_id", "=", row.id)
      .where("deleted_at", "is", null)
      .orderBy("updated_at", "desc")
      .limit(200)
      .execute();
    return {
      customer: toStaffCustomer(row, ctx.clock.now()),
      jobs: jobs.map((j) => ({
        jobNumber: j.job_number,
        title: j.title,
        status: j.status,
        progress: j.progress_percentage,
        estimatedCompletion: j.estimated_completion,
        completedAt: j.completed_at?.toISOString() ?? null,
        updatedAt: j.updated_at.toISOString(),
      })),
    };
  }),

  create: staffProcedure.input(staffCustomerCreateInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.customers.create", input.idempotencyKey, async (trx) => {
      if (await emailTaken(trx, input.email)) {
        throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN });
      }
      const inserted = await trx
        .insertInto("customers")
        .values({
          name: input.name,
          company: input.company ?? null,
          email: input.email,
          phone: input.phone ?? null,
          address: input.address ?? null,
          portal_enabled: input.portalEnabled ?? true,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
        .catch(rethrowDuplicate);
      let customer = (await loadCustomer(trx, inserted.id, ctx.clock.now()))!;
      if (input.sendInvite && customer.portalEnabled) {
        await invite(ctx, trx, customer);
        customer = (await loadCustomer(trx, inserted.id, ctx.clock.now()))!;
      }
      await audit(
        ctx,
        {
          action: "staff.customer.create",
          targetType: "customer",
          targetId: customer.id,
          details: {
            after: {
              name: customer.name,
              company: customer.company,
              email: customer.email,
              phone: customer.phone,
              address: customer.address,
              portalEnabled: customer.portalEnabled,
            },
            invited: Boolean(input.sendInvite && customer.portalEnabled),
          },
        },
        trx,
      );
      return { customer };
    }),
  ),

  update: staffProcedure.input(staffCustomerUpdateInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.customers.update", input.idempotencyKey, async (trx) => {
      const before = await loadCustomer(trx, input.customerId, ctx.clock.now(), true);
      if (!before) throw notFound(CUSTOMER_NOT_FOUND);
      const p = mergeEdit(before, input, CUSTOMER_FIELD_LABELS) as typeof input.patch;
      const changes = changedFields(before, p);
      if (Object.keys(changes).length === 0) return { customer: before };
      if (p.email && changes.email && (await emailTaken(trx, p.email, before.id))) {
        throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN });
      }
      await trx
        .updateTable("customers")
        .set({
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.company !== undefined ? { company: p.company } : {}),
          ...(p.email !== undefined ? { email: p.email } : {}),
          ...(p.phone !== undefined ? { phone: p.phone } : {}),
          ...(p.address !== undefined ? { address: p.address } : {}),
        })
        .where("id", "=", before.id)
        .execute()
        .catch(rethrowDuplicate);
      const customer = (await loadCustomer(trx, before.id, ctx.clock.now()))!;
      await audit(
        ctx,
        {
          action: "staff.customer.update",
          targetType: "customer",
          targetId: customer.id,
          details: { changes },
        },
        trx,
      );
      return { customer };
    }),
  ),

  invite: staffProcedure.input(staffCustomerInviteInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.customers.invite", input.idempotencyKey, async (trx) => {
      const customer = await loadCustomer(trx, input.customerId, ctx.clock.now(), true);
      if (!customer) throw notFound(CUSTOMER_NOT_FOUND);
      if (!customer.portalEnabled) throw badInput("Turn on portal access for this customer first.");
      const expiresAt = await invite(ctx, trx, customer);
      await audit(
        ctx,
        {
          action: "staff.customer.invite",
          targetType: "customer",
          targetId: customer.id,
          details: { expiresAt: expiresAt.toISOString() },
        },
        trx,
      );
      // The token columns bump the row's version: the console learns the new one.
      const after = (await loadCustomer(trx, customer.id, ctx.clock.now()))!;
      return { ok: true as const, expiresAt: expiresAt.toISOString(), customer: after };
    }),
  ),

  setPortalEnabled: staffProcedure.input(staffCustomerPortalInput).mutation(({ ctx, input }) =>
    staffWrite(ctx, "staff.customers.setPortalEnabled", input.idempotencyKey, async (trx) => {
      const before = await loadCustomer(trx, input.customerId, ctx.clock.now(), true);
      if (!before) throw notFound(CUSTOMER_NOT_FOUND);
      if (before.portalEnabled !== input.enabled) {
        await trx
          .updateTable("customers")
          .set(
            input.enabled
              ? { portal_enabled: true }
              : {
                  portal_enabled: false,
                  portal_login_token_hash: null,
                  portal_login_token_kind: null,
                  portal_login_token_expires_at: null,
                },
          )
          .where("id", "=", before.id)
          .execute();
        if (!input.enabled) {
          await invalidateSubjectSessions(trx, { type: "customer", id: before.id });
        }
        await audit(
          ctx,
          {
            action: "staff.customer.setPortalEnabled",
            targetType: "customer",
            targetId: before.id,
            details: {
              changes: { portalEnabled: { before: before.portalEnabled, after: input.enabled } },
            },
          },
          trx,
        );
      }
      return { customer: (await loadCustomer(trx, before.id, ctx.clock.now()))! };
    }),
  ),
});
