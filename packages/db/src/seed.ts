import type { Db } from "./client.ts";
import {
  DEMO_CUSTOMERS,
  DEMO_JOB_TEMPLATES,
  DEMO_LOGINS,
  DEMO_PROGRESS_NOTES,
  DEMO_SHOP,
} from "./demo-data.ts";
import { demoPhotos } from "./demo-photos.ts";
import { hashPassword } from "./passwords.ts";
import { JOB_STATUSES, type JobStatus } from "./schema.ts";

export interface SeedResult {
  seeded: boolean;
  staff: number;
  customers: number;
  jobs: number;
  history: number;
}

const DAY = 86_400_000;
const PROGRESS: Record<JobStatus, number> = {
  not_started: 0,
  in_progress: 45,
  quality_check: 90,
  ready_for_pickup: 100,
  completed: 100,
};

/** Deterministic pseudo-random numbers, so every fresh demo shop looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Creates the demo shop (settings, an admin, a staff user, 8 customers with portal passwords,
 * 40 jobs across every status with their status history). Does nothing when staff exist, so it
 * is safe to run at every start.
 */
export async function seedDemoData(db: Db, options: { now?: Date } = {}): Promise<SeedResult> {
  const existing = await db
    .selectFrom("staff_users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    return { seeded: false, staff: 0, customers: 0, jobs: 0, history: 0 };
  }
  const now = options.now?.getTime() ?? Date.now();
  const random = rng(42);
  const [adminHash, staffHash, customerHash] = await Promise.all([
    hashPassword(DEMO_LOGINS.admin.password),
    hashPassword(DEMO_LOGINS.staff.password),
    hashPassword(DEMO_LOGINS.customerPassword),
  ]);

  return db.transaction().execute(async (trx) => {
    await trx.updateTable("shop_settings").set(DEMO_SHOP).where("id", "=", 1).execute();
    const staff = await trx
      .insertInto("staff_users")
      .values([
        {
          username: DEMO_LOGINS.admin.username,
          display_name: DEMO_LOGINS.admin.name,
          email: "alex@northside-print.example",
          role: "admin",
          password_hash: adminHash,
        },
        {
          username: DEMO_LOGINS.staff.username,
          display_name: DEMO_LOGINS.staff.name,
          email: "sam@northside-print.example",
          role: "staff",
          password_hash: staffHash,
        },
      ])
      .returning("id")
      .execute();
    const staffIds = staff.map((s) => s.id);

    const customers = await trx
      .insertInto("customers")
      .values(
        DEMO_CUSTOMERS.map((c, i) => ({
          ...c,
          password_hash: customerHash,
          portal_last_login: i < 5 ? new Date(now - (i + 1) * 3 * DAY) : null,
          created_at: new Date(now - 400 * DAY),
        })),
      )
      .returning("id")
      .execute();

    let jobs = 0;
    let history = 0;
    for (let i = 0; i < 40; i++) {
      const template = DEMO_JOB_TEMPLATES[i % DEMO_JOB_TEMPLATES.length]!;
      // Customer 0 (the first demo login) gets a bit of everything; the rest are spread out.
      const customerId = customers[i % 3 === 0 ? 0 : i % customers.length]!.id;
      // 16 completed jobs form the history; the rest cover the four active statuses.
      const status: JobStatus = i < 16 ? "completed" : JOB_STATUSES[i % 4]!;
      const createdAt =
        status === "completed" ? now - (20 + i * 14) * DAY : now - (1 + (i % 9)) * DAY;
      const completedAt = status === "completed" ? createdAt + (5 + (i % 6)) * DAY : null;
      // Active jobs due from two days ago to eleven days ahead: the board shows overdue and
      // due-today work on a first look.
      const estimated = status === "completed" ? completedAt! : now + ((i % 14) - 2) * DAY;
      const staffId = staffIds[i % staffIds.length]!;
      const active = status !== "completed";
      const job = await trx
        .insertInto("jobs")
        .values({
          customer_id: customerId,
          title: template.title,
          description: template.description,
          quantity: template.quantity,
          special_instructions: template.special_instructions,
          specifications: JSON.stringify(template.specifications),
          status,
          progress_percentage: PROGRESS[status],
          estimated_completion: isoDate(estimated),
          customer_notes: template.customer_notes,
          shop_notes: template.shop_notes,
          completed_at: completedAt ? new Date(completedAt) : null,
          created_by: staffId,
          owner_id: active && i % 5 !== 0 ? staffId : null,
          rush: active && i % 7 === 3,
          created_at: new Date(createdAt),
          updated_at: new Date(completedAt ?? now - random() * DAY),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      jobs++;

      const reached = JOB_STATUSES.indexOf(status);
      const end = completedAt ?? now - random() * DAY;
      const rows = JOB_STATUSES.slice(0, reached + 1).map((s, step) => ({
        job_id: job.id,
        status: s,
        progress_percentage: PROGRESS[s],
        notes: DEMO_PROGRESS_NOTES[s],
        visible_to_customer: true,
        updated_by: staffId,
        created_at: new Date(createdAt + ((end - createdAt) * step) / Math.max(reached, 1)),
      }));
      if (reached >= 1) {
        rows.push({
          job_id: job.id,
          status: JOB_STATUSES[1]!,
          progress_percentage: PROGRESS.in_progress,
          notes: "Internal: material pulled from rack 3.",
          visible_to_customer: false,
          updated_by: staffId,
          created_at: new Date(createdAt + (end - createdAt) / 3),
        });
      }
      const moved = active && i % 6 === 1;
      await trx
        .insertInto("job_status_history")
        .values([
          ...rows,
          ...(moved
            ? [
                {
                  job_id: job.id,
                  status,
                  progress_percentage: null,
                  kind: "due" as const,
                  due_from: isoDate(estimated - 3 * DAY),
                  due_to: isoDate(estimated),
                  notes: "The vinyl delivery is running three days late.",
                  visible_to_customer: true,
                  updated_by: staffId,
                  created_at: new Date(end - DAY / 2),
                },
              ]
            : []),
        ])
        .execute();
      history += rows.length + (moved ? 1 : 0);
      if (active && customerId === customers[0]!.id && status !== "not_started") {
        for (const photo of await demoPhotos(template.title)) {
          await trx
            .insertInto("job_photos")
            .values({
              job_id: job.id,
              content_type: "image/jpeg",
              data: photo.data,
              thumbnail: photo.thumbnail,
              width: photo.width,
              height: photo.height,
              byte_size: photo.data.length,
              caption: photo.caption,
              visible_to_customer: true,
              uploaded_by: staffId,
              created_at: new Date(end - DAY),
            })
            .execute();
        }
      }
    }
    return { seeded: true, staff: staffIds.length, customers: customers.length, jobs, history };
  });
}
