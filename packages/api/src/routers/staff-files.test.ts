import { Readable } from "node:stream";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor, ApiContext } from "../context.ts";
import { createContextInner } from "../context.ts";
import { attachFileAsCustomer, attachFileAsStaff } from "../files/attach-job-file.ts";
import {
  customerFileForDownload,
  customerFileThumbnail,
  staffFileForDownload,
} from "../files/job-file-access.ts";
import {
  callerAs,
  errorOf,
  type Fixture,
  MARKERS,
  seedSignedInShop,
  useApiTestKit,
} from "../testing/api-test-kit.ts";
import { makePdfBuffer } from "../testing/make-pdf.ts";

const kit = useApiTestKit();
let fx: Fixture;
let staff: Actor;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  ({ fx, staff, alice, bob } = await seedSignedInShop(kit.services(), "#445566"));
});

function ctxOf<A extends Actor>(actor: A) {
  return createContextInner({ services: kit.services(), actor }) as ApiContext & { actor: A };
}
const asStaffCtx = () => ctxOf(staff as Extract<Actor, { type: "staff" }>);
const asCustomerCtx = (who: Actor) => ctxOf(who as Extract<Actor, { type: "customer" }>);

async function counts() {
  const { db } = kit.database();
  const one = async (table: "job_files" | "file_blobs" | "audit_log") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    files: await one("job_files"),
    blobs: await one("file_blobs"),
    audit: await one("audit_log"),
  };
}

const png = () =>
  sharp({ create: { width: 60, height: 40, channels: 3, background: "#00aa00" } })
    .png()
    .toBuffer();

describe("files on a job", () => {
  it("staff upload is hidden from the customer by default, audited, listed with its preview", async () => {
    const out = await attachFileAsStaff(
      asStaffCtx(),
      { jobNumber: fx.customerA.jobNumber, fileName: "C:\\Users\\sam\\logo.png", caption: "Logo" },
      Readable.from([await png()]),
    );
    expect(out.file).toMatchObject({
      fileName: "logo.png",
      contentType: "image/png",
      caption: "Logo",
      visibleToCustomer: false,
      hasThumbnail: true,
      uploadedBy: { kind: "staff", name: "Sam Staff" },
    });
    expect(out.txid).toMatch(/^\d+$/);
    const list = await callerAs(kit.services(), staff).staff.jobs.files.list({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(list.files.map((f) => f.id)).toContain(out.file.id);
    const customerList = await callerAs(kit.services(), alice).customer.files({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(customerList.files.map((f) => f.id)).not.toContain(out.file.id);
    const audit = await kit
      .database()
      .db.selectFrom("audit_log")
      .select(["action", "target_id"])
      .where("action", "=", "staff.file.add")
      .execute();
    expect(audit).toContainEqual({ action: "staff.file.add", target_id: String(out.file.id) });
  });

  it("a console retry with the same idempotency key stores one file and one blob", async () => {
    const before = await counts();
    const pdf = await makePdfBuffer({ pages: 2 });
    const send = () =>
      attachFileAsStaff(
        asStaffCtx(),
        { jobNumber: fx.customerA.jobNumber, fileName: "spec.pdf", idempotencyKey: "console-1-42" },
        Readable.from([pdf]),
      );
    const [first, second] = await Promise.all([send(), send()]);
    expect(second.file.id).toBe(first.file.id);
    expect(first.file.pageCount).toBe(2);
    const after = await counts();
    expect(after.files - before.files).toBe(1);
    expect(after.blobs - before.blobs).toBe(1);
  });

  it("caption, visibility and delete are audited staff writes; delete removes the bytes", async () => {
    const api = callerAs(kit.services(), staff).staff.jobs.files;
    const { file } = await attachFileAsStaff(
      asStaffCtx(),
      { jobNumber: fx.customerA.jobNumber, fileName: "proof.pdf" },
      Readable.from([await makePdfBuffer({ pages: 1 })]),
    );
    const captioned = await api.setCaption({ fileId: file.id, caption: "  Final proof " });
    expect(captioned.file.caption).toBe("Final proof");
    const shown = await api.setVisibility({ fileId: file.id, visibleToCustomer: true });
    expect(shown.file.visibleToCustomer).toBe(true);
    const aliceFiles = await callerAs(kit.services(), alice).customer.files({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(aliceFiles.files.find((f) => f.id === file.id)).toMatchObject({
      caption: "Final proof",
      uploadedByYou: false,
    });
    const download = await staffFileForDownload(asStaffCtx(), file.id);
    const removed = await api.remove({ fileId: file.id });
    expect(removed).toMatchObject({ ok: true, fileId: file.id });
    expect(removed).not.toHaveProperty("storageKey");
    const blob = await kit
      .database()
      .db.selectFrom("file_blobs")
      .select("key")
      .where("key", "=", download.storageKey)
      .executeTakeFirst();
    expect(blob).toBeUndefined();
    expect((await errorOf(api.get({ fileId: file.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(api.remove({ fileId: file.id }))).code).toBe("NOT_FOUND");
    const actions = await kit
      .database()
      .db.selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "file")
      .where("target_id", "=", String(file.id))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "staff.file.add",
      "staff.file.setCaption",
      "staff.file.setVisibility",
      "staff.file.remove",
    ]);
  });

  it("a customer uploads to their own job: visible to them and staff, cannot be hidden", async () => {
    const { file } = await attachFileAsCustomer(
      asCustomerCtx(alice),
      { jobNumber: fx.customerA.jobNumber, fileName: "my-logo.png", caption: "Our logo" },
      Readable.from([await png()]),
    );
    expect(file).toMatchObject({
      visibleToCustomer: true,
      uploadedBy: { kind: "customer", name: "Alice A" },
    });
    const mine = await callerAs(kit.services(), alice).customer.files({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(mine.files.find((f) => f.id === file.id)).toMatchObject({ uploadedByYou: true });
    const staffApi = callerAs(kit.services(), staff).staff.jobs.files;
    const hidden = await staffApi.setVisibility({ fileId: file.id, visibleToCustomer: false });
    expect(hidden.file.visibleToCustomer).toBe(true);
    expect(
      (await customerFileThumbnail(asCustomerCtx(alice), fx.customerA.jobNumber, file.id)).bytes
        .length,
    ).toBeGreaterThan(0);
  });

  it("a customer cannot upload to another customer's job, and nothing is stored", async () => {
    const before = await counts();
    const error = await errorOf(
      attachFileAsCustomer(
        asCustomerCtx(bob),
        { jobNumber: fx.customerA.jobNumber, fileName: "x.png" },
        Readable.from([await png()]),
      ),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await counts()).toEqual(before);
  });

  it("refused files and bad fields answer 4xx with a clear message and store nothing", async () => {
    const before = await counts();
    const typeError = await errorOf(
      attachFileAsStaff(
        asStaffCtx(),
        { jobNumber: fx.customerA.jobNumber, fileName: "notes.pdf" },
        Readable.from([Buffer.from("plain text pretending to be a PDF\n".repeat(200))]),
      ),
    );
    expect(typeError.code).toBe("BAD_REQUEST");
    expect(typeError.message).toMatch(/not accepted/);
    for (const fields of [
      { jobNumber: "nope", fileName: "a.pdf" },
      { jobNumber: fx.customerA.jobNumber, fileName: "" },
      { jobNumber: fx.customerA.jobNumber, fileName: "\u0000\u202e" },
      { jobNumber: fx.customerA.jobNumber, fileName: "a.pdf", caption: "x".repeat(501) },
      { jobNumber: fx.customerA.jobNumber, fileName: "a.pdf", visibleToCustomer: "yes" },
    ]) {
      const error = await errorOf(
        attachFileAsStaff(asStaffCtx(), fields, Readable.from([await makePdfBuffer({ pages: 1 })])),
      );
      expect(error.code, JSON.stringify(fields)).toBe("BAD_REQUEST");
    }
    expect(
      (
        await errorOf(
          attachFileAsStaff(
            asStaffCtx(),
            { jobNumber: "J-2099-0001", fileName: "a.pdf" },
            Readable.from([Buffer.alloc(10)]),
          ),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const after = await counts();
    expect({ files: after.files, blobs: after.blobs }).toEqual({
      files: before.files,
      blobs: before.blobs,
    });
  });

  it("an internal file never reaches a customer: not listed, not downloadable, not previewable", async () => {
    const a = asCustomerCtx(alice);
    const list = await callerAs(kit.services(), alice).customer.files({
      jobNumber: fx.customerA.jobNumber,
    });
    expect(JSON.stringify(list)).not.toContain(MARKERS.internalFile);
    expect(list.files.map((f) => f.id)).toContain(fx.customerA.visibleFileId);
    expect(
      (
        await errorOf(
          customerFileForDownload(a, fx.customerA.jobNumber, fx.customerA.hiddenFileId, {
            audit: false,
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (await errorOf(customerFileThumbnail(a, fx.customerA.jobNumber, fx.customerA.hiddenFileId)))
        .code,
    ).toBe("NOT_FOUND");
    // Another customer's shared file, by its own job number or by A's: not found either way.
    expect(
      (
        await errorOf(
          customerFileForDownload(a, fx.customerB.jobNumber, fx.customerB.fileId, { audit: false }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          customerFileForDownload(a, fx.customerA.jobNumber, fx.customerB.fileId, { audit: false }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          callerAs(kit.services(), alice).customer.files({ jobNumber: fx.customerB.jobNumber }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const shared = await customerFileForDownload(
      a,
      fx.customerA.jobNumber,
      fx.customerA.visibleFileId,
      { audit: true },
    );
    expect(shared.fileName).toBe("artwork-v1.pdf");
    const audit = await kit
      .database()
      .db.selectFrom("audit_log")
      .select(["actor_id", "target_id"])
      .where("action", "=", "customer.file.download")
      .execute();
    expect(audit).toContainEqual({
      actor_id: fx.customerA.id,
      target_id: String(fx.customerA.visibleFileId),
    });
  });
});
