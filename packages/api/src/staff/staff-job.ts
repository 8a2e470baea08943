import type { Db, JobSpecification, JobStatus } from "@traveler/db";

/** A job as staff see it (every field, shop notes included). Plain JSON. */
export interface StaffJob {
  id: number;
  jobNumber: string;
  customerId: number;
  customerName: string;
  title: string;
  description: string;
  quantity: number;
  specialInstructions: string;
  specifications: JobSpecification[];
  status: JobStatus;
  progress: number;
  estimatedCompletion: string | null;
  ownerId: number | null;
  ownerName: string | null;
  rush: boolean;
  customerNotes: string;
  shopNotes: string;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  version: number;
}

export const STAFF_JOB_COLUMNS = [
  "j.id",
  "j.job_number",
  "j.customer_id",
  "c.name as customer_name",
  "j.title",
  "j.description",
  "j.quantity",
  "j.special_instructions",
  "j.specifications",
  "j.status",
  "j.progress_percentage",
  "j.estimated_completion",
  "j.owner_id",
  "o.display_name as owner_name",
  "j.rush",
  "j.customer_notes",
  "j.shop_notes",
  "j.completed_at",
  "j.created_at",
  "j.updated_at",
  "j.deleted_at",
  "j.version",
] as const;

export function staffJobQuery(db: Db) {
  return db
    .selectFrom("jobs as j")
    .innerJoin("customers as c", "c.id", "j.customer_id")
    .leftJoin("staff_users as o", "o.id", "j.owner_id")
    .select(STAFF_JOB_COLUMNS);
}

type StaffJobRow = Awaited<ReturnType<ReturnType<typeof staffJobQuery>["executeTakeFirstOrThrow"]>>;

export function toStaffJob(row: StaffJobRow): StaffJob {
  return {
    id: row.id,
    jobNumber: row.job_number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    title: row.title,
    description: row.description,
    quantity: row.quantity,
    specialInstructions: row.special_instructions,
    specifications: row.specifications,
    status: row.status,
    progress: row.progress_percentage,
    estimatedCompletion: row.estimated_completion,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    rush: row.rush,
    customerNotes: row.customer_notes,
    shopNotes: row.shop_notes,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
    version: row.version,
  };
}

/** Loads a live (not deleted) job by number, optionally locking it for the write. */
export async function loadStaffJob(
  db: Db,
  jobNumber: string,
  options: { forUpdate?: boolean } = {},
): Promise<StaffJob | null> {
  let query = staffJobQuery(db)
    .where("j.job_number", "=", jobNumber)
    .where("j.deleted_at", "is", null);
  if (options.forUpdate) query = query.forUpdate("j");
  const row = await query.executeTakeFirst();
  return row ? toStaffJob(row) : null;
}

/** Input field names -> column names of the editable job fields. */
export const JOB_FIELD_COLUMNS = {
  title: "title",
  description: "description",
  quantity: "quantity",
  specialInstructions: "special_instructions",
  specifications: "specifications",
  estimatedCompletion: "estimated_completion",
  ownerId: "owner_id",
  rush: "rush",
  customerNotes: "customer_notes",
  shopNotes: "shop_notes",
} as const;
