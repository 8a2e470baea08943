import type { SyncStaffUser } from "@traveler/api/schemas";
import type { CacheDb } from "./database.ts";

export type StaffSummary = Pick<
  SyncStaffUser,
  "id" | "username" | "displayName" | "email" | "role" | "active"
>;

/** The shop's staff from the mirror, by name. */
export function listStaff(db: CacheDb): StaffSummary[] {
  const rows = db
    .prepare(
      "select id, username, display_name, email, role, active from staff_users where deleted_at is null order by display_name collate nocase",
    )
    .all() as {
    id: number;
    username: string;
    display_name: string;
    email: string | null;
    role: "admin" | "staff";
    active: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    active: r.active === 1,
  }));
}
