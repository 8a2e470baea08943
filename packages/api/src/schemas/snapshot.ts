/**
 * PostgreSQL snapshots as text (`xmin:xmax:xip1,xip2,...`, the `pg_snapshot` type), the unit of
 * the sync cursor (ARCHITECTURE §4). Pure functions, safe in the console: a console asks whether
 * its confirmed write's transaction is visible in the snapshot a pull completed.
 *
 * Transaction ids here are xid8 values (64-bit, decimal strings beyond 2^53): always BigInt.
 */
export interface Snapshot {
  xmin: bigint;
  xmax: bigint;
  /** In progress when the snapshot was taken, ascending, each in [xmin, xmax). */
  xip: bigint[];
}

const SNAPSHOT = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?$/;
const MAX_XID8 = 2n ** 64n - 1n;

/** Parses and validates a snapshot's text form; null for anything PostgreSQL would refuse. */
export function parseSnapshot(text: string): Snapshot | null {
  const m = SNAPSHOT.exec(text);
  if (!m) return null;
  const xmin = BigInt(m[1]!);
  const xmax = BigInt(m[2]!);
  if (xmin < 1n || xmax > MAX_XID8 || xmin > xmax) return null;
  const xip: bigint[] = [];
  for (const part of m[3] ? m[3].split(",") : []) {
    const x = BigInt(part);
    if (x < xmin || x >= xmax) return null;
    const last = xip[xip.length - 1];
    if (last !== undefined && x <= last) return null;
    xip.push(x);
  }
  return { xmin, xmax, xip };
}

export function formatSnapshot(s: Snapshot): string {
  return `${s.xmin}:${s.xmax}:${s.xip.join(",")}`;
}

/** Same rule as PostgreSQL's pg_visible_in_snapshot: committed before the snapshot was taken. */
export function txidVisibleInSnapshot(snapshot: string | Snapshot, txid: string | bigint): boolean {
  const s = typeof snapshot === "string" ? parseSnapshot(snapshot) : snapshot;
  if (!s) return false;
  const x = BigInt(txid);
  if (x < s.xmin) return true;
  if (x >= s.xmax) return false;
  return !s.xip.includes(x);
}
