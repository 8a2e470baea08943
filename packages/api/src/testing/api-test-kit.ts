import { TRPCError } from "@trpc/server";
import sharp from "sharp";

/**
 * Test fixtures for the API: services over the per-file test database, a small shop with two
 * customers (A and B), a disabled customer, staff, an admin and a deactivated staff user, and
 * helpers that sign them in through the real session code.
 */

import type { Db } from "@traveler/db";
import { hashPassword } from "@traveler/db";
import { useTestDatabase } from "@traveler/db/testing";
import type {} from "@traveler/db/testing/global-setup";
import { manualClock } from "../clock.ts";
import { type Actor, type ApiServices, createContextInner } from "../context.ts";
import { PgFileStorage } from "../files/pg-storage.ts";
import { createCaller } from "../router.ts";
import { createSession, resolveSession } from "../sessions/sessions.ts";
import { makePdf } from "./make-pdf.ts";

export const TEST_PASSWORD = "correct-horse-battery";
let sharedHash: Promise<string> | undefined;
/** One argon2 hash for every fixture account (argon2 costs ~30 ms a hash). */
export function testPasswordHash(): Promise<string> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  return sharedHash;
}

export const MARKERS = {
  shopNotes: "SHOPNOTE-SECRET-7f3a",
  internalNote: "INTERNAL-HISTORY-9c1e",
  hiddenCaption: "HIDDEN-PHOTO-2b8d",
  customerBTitle: "CUSTOMER-B-ONLY-5e6f",
  /** In an internal file's name, caption and bytes. */
  internalFile: "INTERNAL-FILE-4d2c",
} as const;

export function useApiTestKit(
  options: { customerIdleMinutes?: number; staffIdleMinutes?: number } = {},
) {
  const database = useTestDatabase();
  const clock = manualClock(new Date());
  let servicesCache: ApiServices | undefined;
  const services = (): ApiServices => {
    servicesCache ??= {
      db: database().db,
      clock,
      config: {
        publicUrl: "http://portal.test",
        altchaHmacKey: "test-altcha-key",
        sessionMaxAgeDays: 30,
        altchaMaxNumber: 200,
        loginDelayScale: 0,
        customerIdleMinutes: options.customerIdleMinutes,
        staffIdleMinutes: options.staffIdleMinutes,
      },
    };
    return servicesCache;
  };
  return { database, clock, services };
}

export interface Fixture {
  adminId: number;
  staffId: number;
  inactiveStaffId: number;
  customerA: {
    id: number;
    email: string;
    jobNumber: string;
    completedJobNumber: string;
    visiblePhotoId: number;
    hiddenPhotoId: number;
    visibleFileId: number;
    /** Internal: MARKERS.internalFile is in its name, caption and bytes. */
    hiddenFileId: number;
  };
  customerB: { id: number; email: string; jobNumber: string; photoId: number; fileId: number };
  disabledCustomerId: number;
}

/** Inserts the fixture shop. Jobs: A has one active job (with internal notes, a hidden and a
 * visible photo) and one completed job; B has one active job with a visible photo. */
export async function seedFixture(services: ApiServices, photo: Buffer): Promise<Fixture> {
  const { db } = services;
  const hash = await testPasswordHash();
  const staff = await db
    .insertInto("staff_users")
    .values([
      { username: "admin", display_name: "Ada Admin", role: "admin", password_hash: hash },
      { username: "sam", display_name: "Sam Staff", role: "staff", password_hash: hash },
      {
        username: "gone",
        display_name: "Gone Staff",
        role: "staff",
        password_hash: hash,
        active: false,
      },
    ])
    .returning("id")
    .execute();
  const customers = await db
    .insertInto("customers")
    .values([
      { name: "Alice A", email: "alice@example.test", password_hash: hash },
      { name: "Bob B", email: "bob@example.test", password_hash: hash },
      {
        name: "Dora Disabled",
        email: "dora@example.test",
        password_hash: hash,
        portal_enabled: false,
      },
    ])
    .returning("id")
    .execute();
  const [a, b, d] = customers.map((c) => c.id) as [number, number, number];
  const jobs = await db
    .insertInto("jobs")
    .values([
      {
        customer_id: a,
        title: "Alice banner",
        description: "Vinyl banner",
        shop_notes: MARKERS.shopNotes,
        status: "in_progress",
        progress_percentage: 40,
      },
      {
        customer_id: a,
        title: "Alice old flyers",
        shop_notes: MARKERS.shopNotes,
        status: "completed",
        progress_percentage: 100,
        completed_at: new Date(Date.now() - 5 * 86_400_000),
      },
      { customer_id: b, title: MARKERS.customerBTitle, shop_notes: MARKERS.shopNotes },
    ])
    .returning(["id", "job_number"])
    .execute();
  const [jobA, jobA2, jobB] = jobs as [(typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0]];
  await db
    .insertInto("job_status_history")
    .values([
      {
        job_id: jobA.id,
        status: "in_progress",
        progress_percentage: 40,
        notes: "Printing now",
        visible_to_customer: true,
      },
      {
        job_id: jobA.id,
        status: "in_progress",
        notes: MARKERS.internalNote,
        visible_to_customer: false,
      },
      {
        job_id: jobA2.id,
        status: "completed",
        notes: MARKERS.internalNote,
        visible_to_customer: false,
      },
      { job_id: jobB.id, status: "not_started", notes: "B started", visible_to_customer: true },
    ])
    .execute();
  const photoRow = (jobId: number, visible: boolean, caption: string) => ({
    job_id: jobId,
    content_type: "image/jpeg" as const,
    data: photo,
    thumbnail: photo,
    width: 8,
    height: 8,
    byte_size: photo.length,
    caption,
    visible_to_customer: visible,
  });
  const photos = await db
    .insertInto("job_photos")
    .values([
      photoRow(jobA.id, true, "Proof"),
      photoRow(jobA.id, false, MARKERS.hiddenCaption),
      photoRow(jobB.id, true, "B proof"),
    ])
    .returning("id")
    .execute();
  const files = await seedFiles(db, staff[1]!.id, jobA.id, jobB.id);
  return {
    adminId: staff[0]!.id,
    staffId: staff[1]!.id,
    inactiveStaffId: staff[2]!.id,
    customerA: {
      id: a,
      email: "alice@example.test",
      jobNumber: jobA.job_number,
      completedJobNumber: jobA2.job_number,
      visiblePhotoId: photos[0]!.id,
      hiddenPhotoId: photos[1]!.id,
      visibleFileId: files.visibleA,
      hiddenFileId: files.hiddenA,
    },
    customerB: {
      id: b,
      email: "bob@example.test",
      jobNumber: jobB.job_number,
      photoId: photos[2]!.id,
      fileId: files.visibleB,
    },
    disabledCustomerId: d,
  };
}

/** Signs a subject in through the real session code and returns the resolved actor. */
export async function sessionFor(
  services: ApiServices,
  subject: { type: "customer" | "staff"; id: number },
): Promise<{ actor: Actor; token: string }> {
  const session = await createSession(services, services.db, subject, {
    ip: null,
    userAgent: null,
  });
  const resolved = await resolveSession(services, session.token);
  if (!resolved) throw new Error("fixture session did not resolve");
  return { actor: resolved.actor, token: session.token };
}

/** A tRPC caller acting as `actor` (anonymous by default). */
export function callerAs(services: ApiServices, actor?: Actor, token?: string, ip?: string) {
  return createCaller(
    createContextInner({
      services,
      ...(actor ? { actor } : {}),
      sessionToken: token ?? null,
      request: { ip: ip ?? null, userAgent: "vitest" },
    }),
  );
}

/** The TRPCError a call fails with (the test fails if it succeeds or throws something else). */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** The fixture shop (with a small JPEG as its photos) and a signed-in staff member's actor. */
export async function seedStaffShop(
  services: ApiServices,
  background = "#abcdef",
): Promise<{ fx: Fixture; staff: Actor }> {
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background } })
    .jpeg()
    .toBuffer();
  const fx = await seedFixture(services, photo);
  const staff = (await sessionFor(services, { type: "staff", id: fx.staffId })).actor;
  return { fx, staff };
}

/** The fixture shop with its people signed in (through the real session code). */
export interface SignedInShop {
  fx: Fixture;
  staff: Actor;
  admin: Actor;
  /** Customer A. */
  alice: Actor;
  /** Customer B. */
  bob: Actor;
}

/** The fixture shop (see `seedStaffShop`) with staff, the admin and both customers signed in. */
export async function seedSignedInShop(
  services: ApiServices,
  background?: string,
): Promise<SignedInShop> {
  const { fx, staff } = await seedStaffShop(services, background);
  const as = async (type: "staff" | "customer", id: number) =>
    (await sessionFor(services, { type, id })).actor;
  return {
    fx,
    staff,
    admin: await as("staff", fx.adminId),
    alice: await as("customer", fx.customerA.id),
    bob: await as("customer", fx.customerB.id),
  };
}

/** Job files for the fixture: A's job has a shared and an internal PDF, B's job a shared one. */
async function seedFiles(db: Db, staffId: number, jobA: number, jobB: number) {
  const storage = new PgFileStorage(db);
  const add = async (jobId: number, name: string, caption: string, visible: boolean) => {
    const stored = await storage.put(makePdf({ pages: 1, text: name }), {
      contentType: "application/pdf",
    });
    const row = await db
      .insertInto("job_files")
      .values({
        job_id: jobId,
        storage_key: stored.key,
        file_name: `${name}.pdf`,
        content_type: "application/pdf",
        byte_size: stored.byteSize,
        sha256: stored.sha256,
        caption,
        visible_to_customer: visible,
        uploaded_by_staff: staffId,
        page_count: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };
  return {
    visibleA: await add(jobA, "artwork-v1", "Artwork for your banner", true),
    hiddenA: await add(jobA, MARKERS.internalFile, MARKERS.internalFile, false),
    visibleB: await add(jobB, "b-artwork", "B artwork", true),
  };
}
