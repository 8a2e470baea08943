import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../context.ts";
import { VersionConflictError } from "../errors.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  seedStaffShop,
  sessionFor,
  useApiTestKit,
} from "../testing/api-test-kit.ts";

const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;

beforeAll(async () => {
  ({ fx, staff } = await seedStaffShop(kit.services(), "#abcdef"));
});

const asStaff = () => callerAs(kit.services(), staff);

async function count(table: "jobs" | "job_photos" | "job_status_history" | "audit_log") {
  const row = await kit
    .database()
    .db.selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("staff jobs", () => {
  it("creates a job with a database-assigned number and returns the transaction id", async () => {
    const out = await asStaff().staff.jobs.create({
      customerId: fx.customerA.id,
      title: "Shop sign",
      quantity: 2,
      specifications: [{ name: "Size", value: "2 x 1 m" }],
      estimatedCompletion: "2030-05-01",
      shopNotes: "use the blue vinyl",
    });
    expect(out.job.jobNumber).toMatch(/^J-\d{4}-\d{4,}$/);
    expect(out.job).toMatchObject({
      title: "Shop sign",
      quantity: 2,
      version: 1,
      status: "not_started",
    });
    expect(out.txid).toMatch(/^\d+$/);
    const got = await asStaff().staff.jobs.get({ jobNumber: out.job.jobNumber });
    expect(got.job.shopNotes).toBe("use the blue vinyl");
    expect(got.customer.email).toBe(fx.customerA.email);
    expect(got.history[0]).toMatchObject({ status: "not_started", visibleToCustomer: true });
  });

  it("refuses a stale version with CONFLICT carrying the current row, and writes nothing", async () => {
    const { job } = await asStaff().staff.jobs.create({
      customerId: fx.customerA.id,
      title: "Mugs",
    });
    const first = await asStaff().staff.jobs.update({
      jobNumber: job.jobNumber,
      version: job.version,
      patch: { title: "Mugs (blue)" },
    });
    expect(first.job.version).toBe(job.version + 1);
    const error = await errorOf(
      asStaff().staff.jobs.update({
        jobNumber: job.jobNumber,
        version: job.version,
        patch: { title: "Mugs (red)" },
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.cause).toBeInstanceOf(VersionConflictError);
    expect((error.cause as VersionConflictError).current).toMatchObject({ title: "Mugs (blue)" });
    const now = await asStaff().staff.jobs.get({ jobNumber: job.jobNumber });
    expect(now.job.title).toBe("Mugs (blue)");
    const audit = await kit
      .database()
      .db.selectFrom("audit_log")
      .select("details")
      .where("action", "=", "staff.job.update")
      .where("target_id", "=", job.jobNumber)
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      { changes: { title: { before: "Mugs", after: "Mugs (blue)" } } },
    ]);
  });

  it("applies a write once for a repeated idempotency key and returns the stored result", async () => {
    const before = await count("jobs");
    const input = {
      customerId: fx.customerB.id,
      title: "Flyers",
      idempotencyKey: "console-1:0001",
    };
    const a = await asStaff().staff.jobs.create(input);
    const b = await asStaff().staff.jobs.create(input);
    expect(b).toEqual(a);
    expect(await count("jobs")).toBe(before + 1);
    const misuse = await errorOf(
      asStaff().staff.jobs.delete({ jobNumber: a.job.jobNumber, idempotencyKey: "console-1:0001" }),
    );
    expect(misuse.code).toBe("BAD_REQUEST");
    expect(
      (await asStaff().staff.jobs.get({ jobNumber: a.job.jobNumber })).job.deletedAt,
    ).toBeNull();
  });

  it("setStatus records history, sets completed_at and keeps internal notes internal", async () => {
    const { job } = await asStaff().staff.jobs.create({
      customerId: fx.customerA.id,
      title: "Decals",
    });
    const done = await asStaff().staff.jobs.setStatus({
      jobNumber: job.jobNumber,
      status: "completed",
      note: "Picked up",
      visibleToCustomer: true,
    });
    expect(done.job).toMatchObject({ status: "completed", progress: 100 });
    expect(done.job.completedAt).not.toBeNull();
    await asStaff().staff.jobs.setProgress({
      jobNumber: job.jobNumber,
      progress: 100,
      note: "internal recount",
      visibleToCustomer: false,
    });
    const alice = (await sessionFor(kit.services(), { type: "customer", id: fx.customerA.id }))
      .actor;
    const seen = await callerAs(kit.services(), alice).customer.job({ jobNumber: job.jobNumber });
    expect(seen.history.map((h) => h.notes)).toEqual(["Picked up", "Job created."]);
    const back = await asStaff().staff.jobs.setStatus({
      jobNumber: job.jobNumber,
      status: "quality_check",
      visibleToCustomer: false,
    });
    expect(back.job.completedAt).toBeNull();
  });

  it("soft-deletes a job: it disappears for staff lists and the customer", async () => {
    const { job } = await asStaff().staff.jobs.create({
      customerId: fx.customerA.id,
      title: "Temp job",
    });
    await asStaff().staff.jobs.delete({ jobNumber: job.jobNumber });
    const row = await kit
      .database()
      .db.selectFrom("jobs")
      .select("deleted_at")
      .where("job_number", "=", job.jobNumber)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    const list = await asStaff().staff.jobs.list({ q: "Temp job" });
    expect(list.items).toEqual([]);
    expect((await errorOf(asStaff().staff.jobs.delete({ jobNumber: job.jobNumber }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("lists and searches jobs by number, title or customer with pagination", async () => {
    const byNumber = await asStaff().staff.jobs.list({ q: fx.customerA.jobNumber });
    expect(byNumber.items.map((j) => j.jobNumber)).toContain(fx.customerA.jobNumber);
    const byCustomer = await asStaff().staff.jobs.list({ q: "Bob B", includeCompleted: true });
    expect(byCustomer.items.every((j) => j.customerId === fx.customerB.id)).toBe(true);
    const page = await asStaff().staff.jobs.list({ limit: 1, page: 1, includeCompleted: true });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
    const completed = await asStaff().staff.jobs.list({ status: ["completed"] });
    expect(completed.items.every((j) => j.status === "completed")).toBe(true);
  });
});

describe("staff photos", () => {
  it("accepts a real PNG, stores it with a thumbnail of at most 400 px", async () => {
    const png = await sharp({
      create: { width: 3000, height: 1500, channels: 3, background: "#ff0000" },
    })
      .png()
      .toBuffer();
    const before = await count("job_photos");
    const out = await asStaff().staff.jobs.photos.add({
      jobNumber: fx.customerA.jobNumber,
      base64: png.toString("base64"),
      caption: "Wide",
    });
    expect(out.photo).toMatchObject({ width: 2048, height: 1024, contentType: "image/jpeg" });
    expect(await count("job_photos")).toBe(before + 1);
    const thumb = await asStaff().staff.jobs.photos.get({
      photoId: out.photo.id,
      variant: "thumb",
    });
    const meta = await sharp(Buffer.from(thumb.base64, "base64")).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(400);
  });

  it("strips EXIF and GPS metadata and turns the photo upright", async () => {
    const jpeg = await sharp({
      create: { width: 60, height: 30, channels: 3, background: "#00ff00" },
    })
      .jpeg()
      .withExif({
        IFD0: { Copyright: "EXIF-MARKER-4242", ImageDescription: "GPS 51.5 N -0.12 W" },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    expect(jpeg.includes("EXIF-MARKER-4242")).toBe(true);
    const out = await asStaff().staff.jobs.photos.add({
      jobNumber: fx.customerA.jobNumber,
      base64: jpeg.toString("base64"),
      visibleToCustomer: true,
    });
    expect(out.photo).toMatchObject({ width: 30, height: 60 });
    const row = await kit
      .database()
      .db.selectFrom("job_photos")
      .select(["data", "thumbnail"])
      .where("id", "=", out.photo.id)
      .executeTakeFirstOrThrow();
    for (const bytes of [row.data, row.thumbnail]) {
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(bytes.includes("EXIF-MARKER-4242")).toBe(false);
    }
  });

  it("rejects a text file named .jpg, and anything over 10 MB", async () => {
    const before = await count("job_photos");
    const text = Buffer.from("hello, this is not a picture.jpg\n".repeat(20));
    const error = await errorOf(
      asStaff().staff.jobs.photos.add({
        jobNumber: fx.customerA.jobNumber,
        base64: text.toString("base64"),
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("not an image");
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    const tooBig = await errorOf(
      asStaff().staff.jobs.photos.add({
        jobNumber: fx.customerA.jobNumber,
        base64: huge.toString("base64"),
      }),
    );
    expect(tooBig.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await count("job_photos")).toBe(before);
  });

  it("hides and removes photos", async () => {
    const photoId = fx.customerA.visiblePhotoId;
    await asStaff().staff.jobs.photos.setVisibility({ photoId, visibleToCustomer: false });
    const alice = (await sessionFor(kit.services(), { type: "customer", id: fx.customerA.id }))
      .actor;
    const seen = await callerAs(kit.services(), alice).customer.job({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(seen.photos.map((p) => p.id)).not.toContain(photoId);
    await asStaff().staff.jobs.photos.remove({ photoId });
    expect(
      (await errorOf(asStaff().staff.jobs.photos.get({ photoId, variant: "full" }))).code,
    ).toBe("NOT_FOUND");
  });
});

describe("idempotency under concurrency", () => {
  it("two simultaneous deliveries of one console write create one job", async () => {
    const before = await count("jobs");
    const input = { customerId: fx.customerA.id, title: "Raced", idempotencyKey: "console-2:0042" };
    const [a, b] = await Promise.all([
      asStaff().staff.jobs.create(input),
      asStaff().staff.jobs.create(input),
    ]);
    expect(a).toEqual(b);
    expect(await count("jobs")).toBe(before + 1);
    const keys = await kit
      .database()
      .db.selectFrom("idempotency_keys")
      .select(["procedure"])
      .where("key", "=", "console-2:0042")
      .execute();
    expect(keys).toEqual([{ procedure: "staff.jobs.create" }]);
  });

  it("the same key from another staff user is a separate write", async () => {
    const admin = (await sessionFor(kit.services(), { type: "staff", id: fx.adminId })).actor;
    const input = {
      customerId: fx.customerA.id,
      title: "Per user",
      idempotencyKey: "shared-key-1",
    };
    const mine = await asStaff().staff.jobs.create(input);
    const theirs = await callerAs(kit.services(), admin).staff.jobs.create(input);
    expect(theirs.job.jobNumber).not.toBe(mine.job.jobNumber);
  });
});
