import {
  type ApiServices,
  createCaller,
  createContextInner,
  resolveSession,
  systemClock,
} from "@traveler/api/server";
import type { Db } from "@traveler/db";

/** Staff as the console would be: signed in through auth.login, calling the same procedures. */
export async function staffCaller(
  db: Db,
  publicUrl: string,
  who = { username: "admin", password: "admin-demo-pass" },
) {
  const services: ApiServices = {
    db,
    clock: systemClock,
    config: { publicUrl, altchaHmacKey: "e2e-unused-altcha-key", sessionMaxAgeDays: 30 },
  };
  const anonymous = createCaller(createContextInner({ services }));
  const login = await anonymous.auth.login({ kind: "staff", ...who });
  const session = await resolveSession(services, login.token);
  if (!session) throw new Error("staff session did not resolve");
  return createCaller(
    createContextInner({ services, actor: session.actor, sessionToken: login.token }),
  );
}
