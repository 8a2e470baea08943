import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RATING_LINK_DAYS } from "../schemas/feedback.ts";
import { createRatingToken, ratingUrl, verifyRatingToken } from "./rating-token.ts";

const KEY = "server-side-signing-key-for-tests";
const NOW = new Date("2026-03-01T12:00:00Z");
const DAY = 86_400_000;

describe("rating tokens", () => {
  it("verify as the job they were made for until they expire", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (id) => {
        const token = createRatingToken(KEY, id, NOW);
        expect(verifyRatingToken(KEY, token, NOW)).toMatchObject({ ok: true, jobId: id });
        const lastMoment = new Date(NOW.getTime() + RATING_LINK_DAYS * DAY - 1000);
        expect(verifyRatingToken(KEY, token, lastMoment)).toMatchObject({ ok: true, jobId: id });
      }),
    );
  });

  it("expire after RATING_LINK_DAYS", () => {
    const token = createRatingToken(KEY, 7, NOW);
    const after = new Date(NOW.getTime() + RATING_LINK_DAYS * DAY);
    expect(verifyRatingToken(KEY, token, after)).toEqual({ ok: false, reason: "expired" });
  });

  it("cannot be turned into another job's token or a later expiry", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (a, b) => {
          fc.pre(a !== b);
          const [, , expires, sig] = createRatingToken(KEY, a, NOW).split(".");
          expect(verifyRatingToken(KEY, `r1.${b}.${expires}.${sig}`, NOW).ok).toBe(false);
          expect(verifyRatingToken(KEY, `r1.${a}.${Number(expires) + 1}.${sig}`, NOW).ok).toBe(
            false,
          );
        },
      ),
    );
  });

  it("rejects any one-character change, another key, and malformed text", () => {
    const token = createRatingToken(KEY, 42, NOW);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: token.length - 1 }),
        fc.constantFrom(..."abcXYZ019-_."),
        (at, char) => {
          const changed = token.slice(0, at) + char + token.slice(at + 1);
          fc.pre(changed !== token);
          expect(verifyRatingToken(KEY, changed, NOW)).toEqual({ ok: false, reason: "invalid" });
        },
      ),
    );
    expect(verifyRatingToken("another-key", token, NOW).ok).toBe(false);
    for (const bad of ["", "r1", "r1.0.1.x", `u1.42.${token.split(".")[3]}`, `${token}x`]) {
      expect(verifyRatingToken(KEY, bad, NOW)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("links to the portal's rating page", () => {
    expect(ratingUrl("https://shop.example/", "r1.1.2.abc")).toBe(
      "https://shop.example/rate/r1.1.2.abc",
    );
  });
});
