import { describe, expect, it } from "vitest";
import { formatSnapshot, parseSnapshot, txidVisibleInSnapshot } from "./snapshot.ts";

describe("snapshots", () => {
  it("decides visibility as pg_visible_in_snapshot does", () => {
    const s = "100:110:103,107";
    expect(txidVisibleInSnapshot(s, "99")).toBe(true);
    expect(txidVisibleInSnapshot(s, "100")).toBe(true);
    expect(txidVisibleInSnapshot(s, "103")).toBe(false);
    expect(txidVisibleInSnapshot(s, "105")).toBe(true);
    expect(txidVisibleInSnapshot(s, "107")).toBe(false);
    expect(txidVisibleInSnapshot(s, "110")).toBe(false);
    expect(txidVisibleInSnapshot(s, "9000000000")).toBe(false);
    expect(txidVisibleInSnapshot("not a snapshot", "1")).toBe(false);
  });

  it("keeps xid8 values beyond 2^53 exact", () => {
    const big = "18014398509481990:18014398509481999:18014398509481991";
    expect(formatSnapshot(parseSnapshot(big)!)).toBe(big);
    expect(txidVisibleInSnapshot(big, "18014398509481991")).toBe(false);
    expect(txidVisibleInSnapshot(big, "18014398509481992")).toBe(true);
  });
});
