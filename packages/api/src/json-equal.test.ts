import { describe, expect, it } from "vitest";
import { sameJson } from "./json-equal.ts";

describe("sameJson", () => {
  it("compares objects by content whatever the order of their keys", () => {
    expect(sameJson([{ value: "A4", name: "Size" }], [{ name: "Size", value: "A4" }])).toBe(true);
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
  });

  it("tells different values apart", () => {
    expect(sameJson([{ name: "Size", value: "A4" }], [{ name: "Size", value: "A3" }])).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([1], [1, 1])).toBe(false);
    expect(sameJson({ a: 1 }, [1])).toBe(false);
    expect(sameJson("1", 1)).toBe(false);
    expect(sameJson(0, null)).toBe(false);
    expect(sameJson("", null)).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it("treats a missing value as null", () => {
    expect(sameJson(undefined, null)).toBe(true);
    expect(sameJson({ a: null }, {})).toBe(true);
  });
});
