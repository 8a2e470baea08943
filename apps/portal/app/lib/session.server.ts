import type { AppLoadContext } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  type Actor,
  resolveSession,
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

// Root and page loaders of one request share one lookup (and one idle-deadline slide).
const perRequest = new WeakMap<Request, Promise<Session | null>>();

/** The signed-in session, or null. Slides the idle deadline (once per request). */
export function getSession(request: Request, context: AppLoadContext): Promise<Session | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = lookUp(request, context);
    perRequest.set(request, found);
  }
  return found;
}

async function lookUp(request: Request, context: AppLoadContext): Promise<Session | null> {
  const token = sessionTokenFrom(request, context);
  if (!token) return null;
  const session = await resolveSession(context.services, token, { touch: true });
  if (!session) return null;
  return { actor: session.actor, sessionToken: session.sessionToken };
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
