/**
 * Body of the 403 a page throws when the other role is signed in (cross-role awareness), or when
 * shop staff open an admin-only page (wanted: "admin").
 */
export interface WrongRoleData {
  reason: "wrong-role";
  wanted: "customer" | "staff" | "admin";
  signedInAs: { type: "customer" | "staff"; name: string };
}

export function isWrongRoleData(value: unknown): value is WrongRoleData {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { reason?: unknown }).reason === "wrong-role"
  );
}
