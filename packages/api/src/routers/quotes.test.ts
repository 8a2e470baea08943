import { Readable } from "node:stream";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, createContextInner } from "../context.ts";
import { attachFileToQuoteRequest } from "../quotes/request-files.ts";
import { callerAs, errorOf, seedSignedInShop, useApiTestKit } from "../testing/api-test-kit.ts";

/** Quote requests: ask, quote, accept (once, while valid), decline, convert to a job. */
const kit = useApiTestKit();
let alice: Actor;
let bob: Actor;
let staff: Actor;
let admin: Actor;
const ALICE_QUOTE_MARKER = "ALICE-QUOTE-MARKER-6b21";

const DAY = 86_400_000;
const day = (offset: number) =>
  new Date(kit.clock.now().getTime() + offset * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ staff, admin, alice, bob } = await seedSignedInShop(kit.services(), "#665544"));
});

async function ask(who: Actor, what = "500 flyers") {
  return callerAs(kit.services(), who).customer.quotes.create({
    what,
    quantity: 500,
    neededBy: day(10),
    notes: `A5, glossy. ${ALICE_QUOTE_MARKER}`,
  });
}

describe("quote requests", () => {
  it("a customer asks; staff see it in the Requests inbox; staff quote; the customer accepts once", async () => {
    const req = await ask(alice);
    expect(req).toMatchObject({ status: "requested", quantity: 500, acceptable: false });
    expect(req.requestNumber).toMatch(/^Q-\d{5}$/);
    const s = callerAs(kit.services(), staff);
    const inbox = await s.staff.quotes.list();
    expect(inbox.items[0]).toMatchObject({
      requestNumber: req.requestNumber,
      customerName: "Alice A",
    });

    await s.staff.quotes.quote({
      requestNumber: req.requestNumber,
      priceCents: 12_550,
      validUntil: day(7),
      note: "Includes delivery",
      idempotencyKey: "quote-key-0001",
    });
    const a = callerAs(kit.services(), alice, undefined, "203.0.113.9");
    const quoted = await a.customer.quotes.get({ requestNumber: req.requestNumber });
    expect(quoted).toMatchObject({ status: "quoted", priceCents: 12_550, acceptable: true });

    const accepted = await a.customer.quotes.accept({
      requestNumber: req.requestNumber,
      name: "Alice Anders",
    });
    expect(accepted).toMatchObject({ status: "accepted", acceptedName: "Alice Anders" });
    const seen = await s.staff.quotes.get({ requestNumber: req.requestNumber });
    expect(seen).toMatchObject({ acceptedIp: "203.0.113.9", acceptedUserAgent: "vitest" });
    expect(
      (await errorOf(a.customer.quotes.accept({ requestNumber: req.requestNumber, name: "Alice" })))
        .code,
    ).toBe("CONFLICT");

    const converted = await s.staff.quotes.convert({ requestNumber: req.requestNumber });
    const job = await a.customer.job({ jobNumber: converted.jobNumber });
    expect(job.job).toMatchObject({
      title: "500 flyers",
      quantity: 500,
      estimatedCompletion: day(10),
    });
    expect((await a.customer.quotes.get({ requestNumber: req.requestNumber })).jobNumber).toBe(
      converted.jobNumber,
    );
    // Converting twice is refused (one job per request).
    expect((await errorOf(s.staff.quotes.convert({ requestNumber: req.requestNumber }))).code).toBe(
      "CONFLICT",
    );
  });

  it("a quote cannot be accepted after its validity day", async () => {
    const req = await ask(alice, "Expiring");
    const s = callerAs(kit.services(), staff);
    await s.staff.quotes.quote({
      requestNumber: req.requestNumber,
      priceCents: 100,
      validUntil: day(1),
    });
    kit.clock.advance(3 * DAY);
    const a = callerAs(kit.services(), alice);
    expect((await a.customer.quotes.get({ requestNumber: req.requestNumber })).acceptable).toBe(
      false,
    );
    const error = await errorOf(
      a.customer.quotes.accept({ requestNumber: req.requestNumber, name: "Alice A" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/expired/);
  });

  it("a concurrent accept and decline: exactly one wins", async () => {
    for (let round = 0; round < 5; round++) {
      const req = await ask(alice, `Race ${round}`);
      await callerAs(kit.services(), staff).staff.quotes.quote({
        requestNumber: req.requestNumber,
        priceCents: 999,
        validUntil: day(5),
      });
      const results = await Promise.allSettled([
        callerAs(kit.services(), alice).customer.quotes.accept({
          requestNumber: req.requestNumber,
          name: "Alice A",
        }),
        callerAs(kit.services(), staff).staff.quotes.decline({
          requestNumber: req.requestNumber,
          reason: "Out of stock",
        }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const final = await callerAs(kit.services(), staff).staff.quotes.get({
        requestNumber: req.requestNumber,
      });
      expect(["accepted", "declined"]).toContain(final.status);
      expect(final.acceptedName !== null).toBe(final.status === "accepted");
    }
  });

  it("decline with a reason; the customer sees it", async () => {
    const req = await ask(alice, "Declined thing");
    await callerAs(kit.services(), staff).staff.quotes.decline({
      requestNumber: req.requestNumber,
      reason: "We do not print on glass.",
    });
    const seen = await callerAs(kit.services(), alice).customer.quotes.get({
      requestNumber: req.requestNumber,
    });
    expect(seen).toMatchObject({ status: "declined", declineReason: "We do not print on glass." });
  });

  it("bad input: impossible or past needed-by dates, negative or huge prices, NUL", async () => {
    const a = callerAs(kit.services(), alice);
    const base = { what: "x", quantity: 1, notes: "" };
    for (const neededBy of ["2026-02-30", "2026-13-01", "0000-01-01", day(-2)]) {
      expect((await errorOf(a.customer.quotes.create({ ...base, neededBy }))).code).toBe(
        "BAD_REQUEST",
      );
    }
    expect(
      (await errorOf(a.customer.quotes.create({ ...base, neededBy: null, what: "a\u0000" }))).code,
    ).toBe("BAD_REQUEST");
    expect(
      (await errorOf(a.customer.quotes.create({ ...base, neededBy: null, quantity: 0 }))).code,
    ).toBe("BAD_REQUEST");
    const req = await ask(alice, "Priced badly");
    const s = callerAs(kit.services(), staff);
    for (const priceCents of [-1, 1.5, 100_000_000_001, Number.NaN, 2 ** 60]) {
      expect(
        (
          await errorOf(
            s.staff.quotes.quote({
              requestNumber: req.requestNumber,
              priceCents,
              validUntil: day(3),
            }),
          )
        ).code,
      ).toBe("BAD_REQUEST");
    }
    expect(
      (
        await errorOf(
          s.staff.quotes.quote({
            requestNumber: req.requestNumber,
            priceCents: 1,
            validUntil: day(-1),
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      (await callerAs(kit.services(), staff).staff.quotes.get({ requestNumber: req.requestNumber }))
        .status,
    ).toBe("requested");
  });

  it("a shop in yen quotes whole yen: a price with a fraction of a yen is refused", async () => {
    const settings = callerAs(kit.services(), admin).staff.settings;
    const req = await ask(alice, "Priced in yen");
    const s = callerAs(kit.services(), staff);
    await settings.update({ patch: { currency: "JPY" } });
    try {
      const quote = (priceCents: number) =>
        s.staff.quotes.quote({ requestNumber: req.requestNumber, priceCents, validUntil: day(3) });
      const error = await errorOf(quote(1_805_050));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain("JPY");
      expect((await s.staff.quotes.get({ requestNumber: req.requestNumber })).status).toBe(
        "requested",
      );
      await quote(1_800_000);
      expect((await s.staff.quotes.get({ requestNumber: req.requestNumber })).priceCents).toBe(
        1_800_000,
      );
    } finally {
      await settings.update({ patch: { currency: "USD" } });
    }
  });

  it("a request never reaches another customer", async () => {
    const req = await ask(alice, "Private request");
    const b = callerAs(kit.services(), bob);
    expect((await errorOf(b.customer.quotes.get({ requestNumber: req.requestNumber }))).code).toBe(
      "NOT_FOUND",
    );
    await callerAs(kit.services(), staff).staff.quotes.quote({
      requestNumber: req.requestNumber,
      priceCents: 5,
      validUntil: day(3),
    });
    expect(
      (await errorOf(b.customer.quotes.accept({ requestNumber: req.requestNumber, name: "Bob B" })))
        .code,
    ).toBe("NOT_FOUND");
    const json = JSON.stringify([await b.customer.quotes.list(), await b.customer.dashboard()]);
    expect(json).not.toContain(ALICE_QUOTE_MARKER);
    expect(json).not.toContain("Private request");
  });
});

describe("quote request files", () => {
  it("a customer's files go with the request and become the job's files when it is converted", async () => {
    const req = await ask(alice, "Decals with artwork");
    const png = await sharp({ create: { width: 6, height: 6, channels: 3, background: "#0a0" } })
      .png()
      .toBuffer();
    const ctxOf = (actor: Actor) =>
      createContextInner({
        services: kit.services(),
        actor,
        request: { ip: null, userAgent: "vitest" },
      }) as Parameters<typeof attachFileToQuoteRequest>[0];
    // Another customer's request: the same 404, nothing stored.
    const blobsBefore = await kit.database().db.selectFrom("file_blobs").select("key").execute();
    const refused = await attachFileToQuoteRequest(
      ctxOf(bob),
      { requestNumber: req.requestNumber, fileName: "x.png" },
      Readable.from([png]),
    ).catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe("NOT_FOUND");
    expect(await kit.database().db.selectFrom("file_blobs").select("key").execute()).toHaveLength(
      blobsBefore.length,
    );
    const file = await attachFileToQuoteRequest(
      ctxOf(alice),
      { requestNumber: req.requestNumber, fileName: "artwork.png" },
      Readable.from([png]),
    );
    expect(file).toMatchObject({ fileName: "artwork.png", byteSize: png.length });

    const { jobNumber } = await callerAs(kit.services(), staff).staff.quotes.convert({
      requestNumber: req.requestNumber,
    });
    const files = await callerAs(kit.services(), alice).customer.files({ jobNumber });
    expect(files.files.map((f) => [f.fileName, f.uploadedByYou])).toEqual([["artwork.png", true]]);
    const left = await kit.database().db.selectFrom("quote_request_files").select("id").execute();
    expect(left).toEqual([]);
  });
});
