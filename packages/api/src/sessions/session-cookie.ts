/**
 * The session cookie. `__Host-` (Secure, Path=/, no Domain) wherever TLS is on; the plain name
 * only on http://localhost, where browsers refuse Secure cookies.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-traveler_session" : "traveler_session";
}

export function serializeSessionCookie(
  token: string,
  options: { secure: boolean; expires: Date },
): string {
  const parts = [
    `${sessionCookieName(options.secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${options.expires.toUTCString()}`,
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function serializeClearedSessionCookie(options: { secure: boolean }): string {
  const parts = [
    `${sessionCookieName(options.secure)}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    "Max-Age=0",
    "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

/** Reads one cookie from a Cookie header; tolerant of spacing and other cookies. */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
