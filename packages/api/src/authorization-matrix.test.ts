import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, createContextFromHeaders } from "./context.ts";
import { appRouter } from "./router.ts";
import { hashToken } from "./sessions/session-token.ts";
import { createSession } from "./sessions/sessions.ts";
import { callerAs, type Fixture, seedSignedInShop, useApiTestKit } from "./testing/api-test-kit.ts";

/**
 * Who may call what. Generated checks below run every procedure of the live router against
 * every kind of caller; a procedure added without a row here fails the first test.
 */
type Role = "public" | "signedIn" | "customer" | "staff" | "admin";
const ROLES: Record<string, Role> = {
  "auth.login": "public",
  "auth.altchaChallenge": "public",
  "auth.logout": "signedIn",
  "auth.me": "public",
  "auth.shop": "public",
  "auth.requestPasswordReset": "public",
  "auth.checkToken": "public",
  "auth.redeemToken": "public",
  "auth.changePassword": "signedIn",
  "customer.dashboard": "customer",
  "customer.job": "customer",
  "customer.jobPage": "customer",
  "customer.notices": "customer",
  "customer.history": "customer",
  "customer.photo": "customer",
  "customer.files": "customer",
  "customer.shop": "customer",
  "customer.lastChange": "customer",
  "customer.recordView": "customer",
  "customer.proofs.waiting": "customer",
  "customer.proofs.list": "customer",
  "customer.proofs.timeline": "customer",
  "customer.proofs.approve": "customer",
  "customer.proofs.requestChanges": "customer",
  "customer.messages.thread": "customer",
  "customer.messages.unread": "customer",
  "customer.messages.send": "customer",
  "customer.quotes.list": "customer",
  "customer.quotes.get": "customer",
  "customer.quotes.create": "customer",
  "customer.quotes.accept": "customer",
  "email.preference.get": "customer",
  "email.preference.set": "customer",
  "email.unsubscribe": "public",
  "email.forCustomer": "staff",
  "email.outbox.list": "admin",
  "email.outbox.retry": "admin",
  "feedback.mine": "customer",
  "feedback.mineForJobs": "customer",
  "feedback.rate": "customer",
  "feedback.link": "public",
  "feedback.rateByLink": "public",
  "feedback.forJob": "staff",
  "staff.jobs.list": "staff",
  "staff.jobs.get": "staff",
  "staff.jobs.create": "staff",
  "staff.jobs.update": "staff",
  "staff.jobs.setStatus": "staff",
  "staff.jobs.setProgress": "staff",
  "staff.jobs.delete": "staff",
  "staff.jobs.photos.add": "staff",
  "staff.jobs.photos.remove": "staff",
  "staff.jobs.photos.setVisibility": "staff",
  "staff.jobs.photos.get": "staff",
  "staff.jobs.files.list": "staff",
  "staff.jobs.files.get": "staff",
  "staff.jobs.files.setCaption": "staff",
  "staff.jobs.files.setVisibility": "staff",
  "staff.jobs.files.remove": "staff",
  "staff.jobs.proofs.list": "staff",
  "staff.jobs.proofs.timeline": "staff",
  "staff.jobs.proofs.send": "staff",
  "staff.customers.list": "staff",
  "staff.customers.get": "staff",
  "staff.customers.create": "staff",
  "staff.customers.update": "staff",
  "staff.customers.invite": "staff",
  "staff.customers.setPortalEnabled": "staff",
  "staff.users.directory": "staff",
  "staff.users.list": "admin",
  "staff.users.create": "admin",
  "staff.users.deactivate": "admin",
  "staff.users.resetPassword": "admin",
  "staff.settings.get": "staff",
  "staff.settings.update": "admin",
  "staff.audit.list": "admin",
  "staff.reports.portalAdoption": "staff",
  "staff.reports.metrics": "admin",
  "staff.print.publicUrl": "staff",
  "staff.print.travelers": "staff",
  "staff.messages.inbox": "staff",
  "staff.messages.thread": "staff",
  "staff.messages.markRead": "staff",
  "staff.messages.reply": "staff",
  "staff.quotes.list": "staff",
  "staff.quotes.get": "staff",
  "staff.quotes.quote": "staff",
  "staff.quotes.decline": "staff",
  "staff.quotes.convert": "staff",
  "sync.pull": "staff",
  "sync.events": "staff",
};

type CallerKind =
  | "anonymous"
  | "customerA"
  | "customerB"
  | "staff"
  | "admin"
  | "disabledCustomer"
  | "deactivatedStaff"
  | "expiredSession";

/** What a caller effectively is once its session has been resolved. */
const EFFECTIVE: Record<CallerKind, "anonymous" | "customer" | "staff" | "admin"> = {
  anonymous: "anonymous",
  customerA: "customer",
  customerB: "customer",
  staff: "staff",
  admin: "admin",
  disabledCustomer: "anonymous",
  deactivatedStaff: "anonymous",
  expiredSession: "anonymous",
};

function allowed(role: Role, who: "anonymous" | "customer" | "staff" | "admin"): boolean {
  switch (role) {
    case "public":
      return true;
    case "signedIn":
      return who !== "anonymous";
    case "customer":
      return who === "customer";
    case "staff":
      return who === "staff" || who === "admin";
    case "admin":
      return who === "admin";
  }
}

const kit = useApiTestKit();
let fx: Fixture;
const actors = {} as Record<CallerKind, Actor>;

/** Resolves a raw token the way an HTTP request would (cookie -> context). */
async function actorFromToken(token: string): Promise<Actor> {
  const ctx = await createContextFromHeaders(kit.services(), { authorization: `Bearer ${token}` });
  return ctx.actor;
}

beforeAll(async () => {
  const s = kit.services();
  const shop = await seedSignedInShop(s, "#222");
  fx = shop.fx;
  actors.anonymous = { type: "anonymous" };
  actors.customerA = shop.alice;
  actors.customerB = shop.bob;
  actors.staff = shop.staff;
  actors.admin = shop.admin;
  const meta = { ip: null, userAgent: null };
  const disabled = await createSession(
    s,
    s.db,
    { type: "customer", id: fx.disabledCustomerId },
    meta,
  );
  actors.disabledCustomer = await actorFromToken(disabled.token);
  const gone = await createSession(s, s.db, { type: "staff", id: fx.inactiveStaffId }, meta);
  actors.deactivatedStaff = await actorFromToken(gone.token);
  const expiring = await createSession(s, s.db, { type: "customer", id: fx.customerA.id }, meta);
  await s.db
    .updateTable("sessions")
    .set({ idle_expires_at: new Date(s.clock.now().getTime() - 1000) })
    .where("id", "=", hashToken(expiring.token))
    .execute();
  actors.expiredSession = await actorFromToken(expiring.token);
});

function procedureAt(caller: unknown, path: string): (input: unknown) => Promise<unknown> {
  return path.split(".").reduce((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
}

async function outcome(kind: CallerKind, path: string): Promise<string> {
  try {
    const result = await procedureAt(callerAs(kit.services(), actors[kind]), path)(undefined);
    // A subscription hands back an iterator without running it: close it.
    const iterator = result as { return?: () => Promise<unknown> } | null;
    if (iterator && typeof iterator.return === "function") await iterator.return();
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const PATHS = Object.keys(appRouter._def.procedures).sort();

describe("authorization matrix", () => {
  it("has a row for every procedure of the router", () => {
    expect(PATHS).toEqual(Object.keys(ROLES).sort());
  });

  it("sessions of disabled customers, deactivated staff and expired sessions resolve to anonymous", () => {
    expect(actors.disabledCustomer.type).toBe("anonymous");
    expect(actors.deactivatedStaff.type).toBe("anonymous");
    expect(actors.expiredSession.type).toBe("anonymous");
  });

  for (const kind of Object.keys(EFFECTIVE) as CallerKind[]) {
    it(`${kind}: allowed where the matrix says, refused everywhere else`, async () => {
      const wrong: string[] = [];
      for (const path of PATHS) {
        const role = ROLES[path];
        if (!role) continue;
        const who = EFFECTIVE[kind];
        const got = await outcome(kind, path);
        const expected = allowed(role, who)
          ? "allowed"
          : who === "anonymous"
            ? "UNAUTHORIZED"
            : "FORBIDDEN";
        const ok =
          expected === "allowed"
            ? !["UNAUTHORIZED", "FORBIDDEN", "INTERNAL_SERVER_ERROR"].includes(got)
            : got === expected;
        if (!ok) wrong.push(`${path}: expected ${expected}, got ${got}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
