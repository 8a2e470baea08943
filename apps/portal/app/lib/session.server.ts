import type { AppLoadContext } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  type Actor,
  serializeClearedSessionCookie,
  serializeSessionCookie,
  sessionCookieName,
} from "@traveler/api/server";
import { readCookie } from "./cookie.ts";
import type { WrongRoleData } from "./wrong-role.ts";

export type SignedInActor = Exclude<Actor, { type: "anonymous" }>;
export type CustomerActor = Extract<Actor, { type: "customer" }>;
export type StaffActor = Extract<Actor, { type: "staff" }>;

export interface Session<A extends SignedInActor = SignedInActor> {
  actor: A;
  sessionToken: string;
}

export function sessionTokenFrom(request: Request, context: AppLoadContext): string | null {
  return readCookie(request.headers.get("cookie"), sessionCookieName(context.config.secure));
}

/**
 * The signed-in session, or null: the request's one lookup (it also slides the idle deadline),
 * shared with the server's middleware and every other loader of the request.
 */
export async function getSession(
  _request: Request,
  context: AppLoadContext,
): Promise<Session | null> {
  const session = await context.session();
  return session ? { actor: session.actor, sessionToken: session.sessionToken } : null;
}

function loginRedirect(request: Request, context: AppLoadContext): never {
  const url = new URL(request.url);
  const params = new URLSearchParams();
  // A cookie that no longer resolves means the session ended (idle timeout or sign-out elsewhere).
  if (sessionTokenFrom(request, context)) params.set("reason", "expired");
  if (request.method === "GET") params.set("redirectTo", `${url.pathname}${url.search}`);
  throw redirect(`/login?${params}`, {
    headers: { "Set-Cookie": clearSessionCookie(context) },
  });
}

function wrongRole(actor: SignedInActor, wanted: WrongRoleData["wanted"]): never {
  const body: WrongRoleData = {
    reason: "wrong-role",
    wanted,
    signedInAs: { type: actor.type, name: actor.name },
  };
  throw data(body, { status: 403 });
}

export async function requireCustomer(
  request: Request,
  context: AppLoadContext,
): Promise<Session<CustomerActor>> {
  const session = await getSession(request, context);
  if (!session) loginRedirect(request, context);
  if (session.actor.type !== "customer") wrongRole(session.actor, "customer");
  return session as Session<CustomerActor>;
}

export async function requireStaff(
  request: Request,
  context: AppLoadContext,
): Promise<Session<StaffActor>> {
  const session = await getSession(request, context);
  if (!session) loginRedirect(request, context);
  if (session.actor.type !== "staff") wrongRole(session.actor, "staff");
  return session as Session<StaffActor>;
}

/** Shop staff with the admin role; other staff get the "this page is for admins" page. */
export async function requireAdmin(
  request: Request,
  context: AppLoadContext,
): Promise<Session<StaffActor>> {
  const session = await requireStaff(request, context);
  if (session.actor.role !== "admin") wrongRole(session.actor, "admin");
  return session;
}

export function homeFor(actor: SignedInActor): string {
  return actor.type === "customer" ? "/customer/dashboard" : "/admin";
}

export function sessionCookie(context: AppLoadContext, token: string, expiresAt: string): string {
  return serializeSessionCookie(token, {
    secure: context.config.secure,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(context: AppLoadContext): string {
  return serializeClearedSessionCookie({ secure: context.config.secure });
}
