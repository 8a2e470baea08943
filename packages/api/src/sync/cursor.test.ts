import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatSnapshot,
  parseSnapshot,
  type Snapshot,
  txidVisibleInSnapshot,
} from "../schemas/snapshot.ts";
import {
  boundSnapshot,
  decodeCursor,
  decodeSnapshot,
  encodeCursor,
  encodeSnapshot,
  InvalidCursorError,
  MAX_CURSOR_LENGTH,
  MAX_SNAPSHOT_CHARS,
  MIN_SNAPSHOT_CHARS,
  nextSnapshot,
} from "./cursor.ts";

const MAX_XID8 = 2n ** 64n - 1n;

/** Valid snapshots: xmin anywhere in xid8 (also past 2^53), a sorted in-progress list. */
const snapshotArb: fc.Arbitrary<Snapshot> = fc
  .record({
    xmin: fc.bigInt({ min: 1n, max: MAX_XID8 - 100_000n }),
    gaps: fc.array(
      fc.oneof(fc.bigInt({ min: 1n, max: 40n }), fc.bigInt({ min: 1n, max: 2n ** 40n })),
      {
        maxLength: 400,
      },
    ),
    firstAtXmin: fc.boolean(),
    tail: fc.bigInt({ min: 0n, max: 1_000n }),
  })
  .filter(({ xmin, gaps }) => gaps.reduce((a, b) => a + b, xmin) + 2_000n < MAX_XID8)
  .map(({ xmin, gaps, firstAtXmin, tail }) => {
    const xip: bigint[] = [];
    let at = xmin;
    gaps.forEach((gap, i) => {
      at += i === 0 && firstAtXmin ? 0n : gap;
      xip.push(at);
    });
    return { xmin, xmax: at + 1n + tail, xip };
  });

const json = (body: unknown) => Buffer.from(JSON.stringify(body)).toString("base64url");

function visibleSubset(inner: Snapshot, outer: Snapshot): boolean {
  // Every txid visible in `inner` is visible in `outer`: check every boundary and listed id.
  const probes = new Set<bigint>([inner.xmin - 1n, inner.xmin, inner.xmax - 1n, inner.xmax]);
  for (const x of [...inner.xip, ...outer.xip]) {
    probes.add(x);
    probes.add(x - 1n);
    probes.add(x + 1n);
  }
  for (const x of probes) {
    if (x < 1n) continue;
    if (txidVisibleInSnapshot(inner, x.toString()) && !txidVisibleInSnapshot(outer, x.toString())) {
      return false;
    }
  }
  return true;
}

describe("sync cursor", () => {
  it("round-trips every snapshot through its compact form", () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        expect(decodeSnapshot(encodeSnapshot(s))).toEqual(s);
      }),
    );
  });

  it("round-trips plain and paged cursors", () => {
    fc.assert(
      fc.property(
        snapshotArb,
        snapshotArb,
        fc.integer({ min: 0, max: 5 }),
        fc.option(
          fc.record({
            txid: fc.bigInt({ min: 1n, max: MAX_XID8 }),
            id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          }),
        ),
        (since, upto, table, position) => {
          const plain = { since: formatSnapshot(since) };
          expect(decodeCursor(encodeCursor(plain))).toEqual(plain);
          const paged = {
            since: formatSnapshot(since),
            page: {
              upto: formatSnapshot(upto),
              table,
              txid: position ? position.txid.toString() : null,
              id: position ? position.id : null,
            },
          };
          expect(decodeCursor(encodeCursor(paged))).toEqual(paged);
          // A bootstrap lane's end: a row, or a table's start.
          for (const end of [
            { table: table + 1, txid: null, id: null },
            { table, txid: (position?.txid ?? 7n).toString(), id: position?.id ?? 9 },
          ]) {
            const lane = { ...paged, page: { ...paged.page, end } };
            expect(decodeCursor(encodeCursor(lane))).toEqual(lane);
          }
        },
      ),
    );
  });

  it("cuts a long in-progress list to the budget, never claiming a transaction that is still open", () => {
    fc.assert(
      fc.property(snapshotArb, fc.integer({ min: 1, max: 1_200 }), (s, budget) => {
        const cut = boundSnapshot(s, budget);
        const shortest = s.xip.length === 0 ? s : { xmin: s.xmin, xmax: s.xip[0]!, xip: [] };
        if (budget >= MIN_SNAPSHOT_CHARS) {
          expect(encodeSnapshot(cut).length).toBeLessThanOrEqual(budget);
        } else if (encodeSnapshot(cut).length > budget) {
          expect(cut).toEqual(shortest);
        }
        expect(cut.xmin).toBe(s.xmin);
        expect(visibleSubset(cut, s)).toBe(true);
        // The longest cut that fits: one more entry would not.
        if (cut.xmax !== s.xmax) {
          const next = s.xip.indexOf(cut.xmax);
          const longer = {
            xmin: s.xmin,
            xmax: s.xip[next + 1] ?? s.xmax,
            xip: s.xip.slice(0, next + 1),
          };
          expect(encodeSnapshot(longer).length).toBeGreaterThan(budget);
        } else {
          expect(cut).toEqual(s);
        }
      }),
    );
  });

  it("keeps a busy server's snapshot whole: 250 open transactions among the last 5,000 ids", () => {
    const xmin = 4_000_000_000n;
    const xip = Array.from({ length: 250 }, (_, i) => xmin + BigInt(i * 20));
    const s = { xmin, xmax: xmin + 5_000n, xip };
    expect(encodeSnapshot(s).length).toBeLessThan(MAX_SNAPSHOT_CHARS);
    expect(boundSnapshot(s)).toEqual(s);
    // The text form would need three times the room.
    expect(formatSnapshot(s).length).toBeGreaterThan(2 * encodeSnapshot(s).length);
  });

  it("stays within the length limit at the largest budget, paged, with the largest numbers", () => {
    const worst: Snapshot = {
      xmin: 1n,
      xmax: MAX_XID8,
      xip: Array.from({ length: 300 }, (_, i) => MAX_XID8 - 1n - BigInt(299 - i) * 2n ** 50n),
    };
    const cut = formatSnapshot(boundSnapshot(worst));
    const cursor = encodeCursor({
      since: cut,
      page: { upto: cut, table: 5, txid: MAX_XID8.toString(), id: Number.MAX_SAFE_INTEGER },
    });
    expect(cursor.length).toBeLessThan(MAX_CURSOR_LENGTH);
    // Characters that travel unescaped in a query string and an SSE event id.
    expect(cursor).toMatch(/^[0-9a-z._-]+$/);
    expect(encodeURIComponent(cursor)).toBe(cursor);
  });

  /**
   * A model of the server: transactions begin (taking the next xid), commit or abort in any
   * order, other databases burn xids; pulls take the current snapshot, cut to a random budget
   * (nextSnapshot), and return the committed txids visible in it and not in the cursor's, from
   * xmin(since) on (the SQL window). Every committed write is delivered exactly once, cursors
   * never move backwards, and with room for the whole snapshot nothing committed before a pull
   * waits for a later one.
   */
  it("delivers every committed write exactly once, whatever transactions stay open", () => {
    type Op =
      | { t: "begin"; n: number }
      | { t: "end"; pick: number; commit: boolean }
      | { t: "burn"; n: number }
      | { t: "pull" };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ t: fc.constant("begin" as const), n: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ t: fc.constant("end" as const), pick: fc.nat(), commit: fc.boolean() }),
      fc.record({
        t: fc.constant("burn" as const),
        // Far jumps too: the next snapshot's xmax then needs more digits than the last one's.
        n: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.constant(2 ** 45)),
      }),
      fc.record({ t: fc.constant("pull" as const) }),
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: 3n, max: 2n ** 62n }),
        // The server's budget: small enough to cut often, or room for everything.
        fc.option(fc.integer({ min: MIN_SNAPSHOT_CHARS, max: 120 }), { nil: null }),
        fc.array(op, { maxLength: 120 }),
        (start, budget, ops) => {
          const maxChars = budget ?? 1_000_000;
          let next = start;
          const open: bigint[] = [];
          const committed: bigint[] = [];
          const delivered = new Map<bigint, number>();
          const serverSnapshot = (): Snapshot => ({
            xmin: open[0] ?? next,
            xmax: next,
            xip: [...open],
          });
          let since = nextSnapshot(null, serverSnapshot(), maxChars);
          const pull = () => {
            const now = serverSnapshot();
            const upto = nextSnapshot(since, now, maxChars);
            expect(encodeSnapshot(upto).length).toBeLessThanOrEqual(maxChars);
            expect(visibleSubset(since, upto), "the cursor moved backwards").toBe(true);
            expect(visibleSubset(upto, now), "claims an open transaction").toBe(true);
            for (const x of committed) {
              const inWindow =
                x >= since.xmin &&
                txidVisibleInSnapshot(upto, x) &&
                !txidVisibleInSnapshot(since, x);
              if (inWindow) delivered.set(x, (delivered.get(x) ?? 0) + 1);
            }
            since = parseSnapshot(formatSnapshot(upto))!;
            if (budget === null) {
              // Nothing committed before this pull is left waiting.
              for (const x of committed) expect(delivered.get(x)).toBe(1);
            }
          };
          for (const o of ops) {
            if (o.t === "begin") {
              for (let i = 0; i < o.n; i++) open.push(next++);
            } else if (o.t === "burn") {
              next += BigInt(o.n);
            } else if (o.t === "end" && open.length > 0) {
              const [x] = open.splice(o.pick % open.length, 1);
              if (o.commit) committed.push(x!);
            } else if (o.t === "pull") {
              pull();
            }
          }
          // Everything ends: one more pull delivers the rest.
          while (open.length > 0) committed.push(open.shift()!);
          pull();
          for (const x of committed) expect(delivered.get(x), String(x)).toBe(1);
          expect([...delivered.keys()].every((x) => committed.includes(x))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never moves a cursor backwards when the cut falls below it", () => {
    const xip = Array.from({ length: 10 }, (_, i) => 1000n + BigInt(i * 10));
    const since: Snapshot = { xmin: 1000n, xmax: 1100n, xip };
    const budget = MIN_SNAPSHOT_CHARS;
    expect(encodeSnapshot(since).length).toBeLessThanOrEqual(budget);
    // 1020 committed; far newer transactions began (their xmax needs many more digits).
    const now: Snapshot = {
      xmin: 1000n,
      xmax: 2n ** 61n + 10n,
      xip: [...xip.filter((x) => x !== 1020n), 2n ** 61n, 2n ** 61n + 5n],
    };
    expect(boundSnapshot(now, budget).xmax).toBeLessThan(since.xmax);
    expect(nextSnapshot(since, now, budget)).toEqual({
      xmin: 1000n,
      xmax: 1100n,
      xip: xip.filter((x) => x !== 1020n),
    });
  });

  it("replaces a cursor that is not from this server's past by the current snapshot", () => {
    const now = parseSnapshot("1000:1010:1003")!;
    expect(nextSnapshot(parseSnapshot("9000000000:9000000000:")!, now, 27)).toEqual(
      boundSnapshot(now, 27),
    );
  });

  it("reads the first format (an xmin watermark) as the snapshot xmin:xmin:, paged or not", () => {
    expect(decodeCursor(json({ s: "123" }))).toEqual({ since: "123:123:" });
    expect(decodeCursor(json({ s: "123", u: "456", t: 2, x: "130", i: 7 }))).toEqual({
      since: "123:123:",
      page: { upto: "456:456:", table: 2, txid: "130", id: 7 },
    });
  });

  it("reads the second format (JSON with text snapshots)", () => {
    expect(decodeCursor(json({ v: 2, s: "3:9:4,6" }))).toEqual({ since: "3:9:4,6" });
    expect(decodeCursor(json({ v: 2, s: "3:9:4,6", u: "5:12:", t: 0, x: null, i: null }))).toEqual({
      since: "3:9:4,6",
      page: { upto: "5:12:", table: 0, txid: null, id: null },
    });
  });

  it("refuses snapshots PostgreSQL would refuse, in every format", () => {
    const bad = ["5:3:", "3:9:2", "3:9:9", "3:9:6,5", "0:0:", "3:9:x", "3:9:4,4"];
    for (const text of bad) {
      expect(() => decodeCursor(json({ v: 2, s: text })), text).toThrow(InvalidCursorError);
    }
    const compact = [
      "3.",
      "3..",
      "3.0-0",
      "3.a",
      "3.a-b-",
      "3.a-b-c", // in progress at xmax
      "3.a-b-1_0", // not ascending
      "3.a-5-1.a-5", // paged without a table
      "3.a-5.a-5.0.x", // txid without id
      "3.a-5.a-5.0.x.y.z",
      "3.A-5",
      "3.a-5 ",
      `3.${"z".repeat(14)}-0`, // beyond xid8
      "3.a-5.a-5.100",
      "3.a-5~2", // an end without a page
      "3.a-5.a-5.0~", // an empty end
      "3.a-5.a-5.0~2.x", // an end's txid without id
      "3.a-5.a-5.0~2.x.y.z",
      "3.a-5.a-5.0~2~3",
      "3.a-5.a-5.0~100",
    ];
    for (const text of compact) {
      expect(() => decodeCursor(text), text).toThrow(InvalidCursorError);
    }
    expect(() => decodeCursor("x".repeat(MAX_CURSOR_LENGTH + 1))).toThrow(InvalidCursorError);
  });

  it("answers anything a client may send with a cursor or InvalidCursorError, nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.string({ unit: fc.constantFrom(..."3.-_019azZ"), maxLength: 60 }).map((s) => `3.${s}`),
          fc.json().map(json),
        ),
        (value) => {
          try {
            const cursor = decodeCursor(value);
            expect(parseSnapshot(cursor.since)).not.toBeNull();
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidCursorError);
          }
        },
      ),
    );
  });
});
