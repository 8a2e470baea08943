import type { PortalProcess } from "./portal-process.ts";

/** Test support: the demo shop's accounts (seeded by the built portal). */
export const DEMO_CUSTOMER = { email: "maria@chenbakery.example", password: "customer-demo-pass" };
export const DEMO_ADMIN = { username: "admin", password: "admin-demo-pass" };

/** One query on the portal's own database (a fresh connection each time). */
export async function portalQuery<T extends Record<string, unknown>>(
  portal: PortalProcess,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: portal.databaseUrl! });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Signs in through the login form; returns the session cookie. */
export async function signInTo(portal: PortalProcess, form: Record<string, string>) {
  const res = await fetch(`${portal.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: portal.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  if (res.status !== 302 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}
