import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createUnsubscribeToken,
  emailSigningKey,
  verifyUnsubscribeToken,
} from "./unsubscribe-token.ts";

const KEY = "server-side-signing-key-for-tests";

describe("unsubscribe tokens", () => {
  it("verify as the customer they were made for", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (id) => {
        expect(verifyUnsubscribeToken(KEY, createUnsubscribeToken(KEY, id))).toBe(id);
      }),
    );
  });

  it("cannot be turned into another customer's token", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (a, b) => {
          fc.pre(a !== b);
          const signature = createUnsubscribeToken(KEY, a).split(".")[2];
          expect(verifyUnsubscribeToken(KEY, `u1.${b}.${signature}`)).toBeNull();
        },
      ),
    );
  });

  it("rejects any one-character change, another key, and another purpose", () => {
    const token = createUnsubscribeToken(KEY, 42);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: token.length - 1 }),
        fc.constantFrom(..."abcXYZ019-_."),
        (at, char) => {
          fc.pre(token[at] !== char);
          const changed = token.slice(0, at) + char + token.slice(at + 1);
          expect(verifyUnsubscribeToken(KEY, changed)).not.toBe(42);
        },
      ),
    );
    expect(verifyUnsubscribeToken("another-key", token)).toBeNull();
    expect(verifyUnsubscribeToken(KEY, token, "marketing")).toBeNull();
  });

  it("derives a signing key from the ALTCHA key when none is configured", () => {
    const derived = emailSigningKey({ altchaHmacKey: "altcha" });
    expect(derived).not.toBe("altcha");
    expect(emailSigningKey({ altchaHmacKey: "altcha" })).toBe(derived);
    expect(emailSigningKey({ altchaHmacKey: "altcha", emailSigningKey: "explicit" })).toBe(
      "explicit",
    );
  });
});
