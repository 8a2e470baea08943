/** Body of the 403 a page throws when the other role is signed in (cross-role awareness). */
export interface WrongRoleData {
  reason: "wrong-role";
  wanted: "customer" | "staff";
  signedInAs: { type: "customer" | "staff"; name: string };
}

export function isWrongRoleData(value: unknown): value is WrongRoleData {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { reason?: unknown }).reason === "wrong-role"
  );
}
