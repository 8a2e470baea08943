import { formatSnapshot, parseSnapshot, type Snapshot } from "../schemas/snapshot.ts";

/**
 * The sync cursor (ARCHITECTURE §4). Opaque to clients: base64url of a small JSON object.
 *
 * `since` is a whole PostgreSQL snapshot (`xmin:xmax:xip,...`): the holder has every change whose
 * transaction is visible in it. While a pull is paged, the cursor also carries the window's end
 * snapshot `upto` and the position inside it: the table being read and the last (txid, id)
 * delivered from it. xid8 values stay decimal strings (they exceed 2^53).
 *
 * Cursors of the first format held only an xmin watermark (`{ s: "123" }`, pages `u: "456"`);
 * they read as the snapshots `123:123:` and `456:456:`, which mean exactly the same windows.
 */
export interface SyncCursor {
  since: string;
  page?: { upto: string; table: number; txid: string | null; id: number | null } | undefined;
}

/** A cursor is at most this long (two snapshots; see MAX_CURSOR_XIP). */
export const MAX_CURSOR_LENGTH = 8_000;

/**
 * A snapshot with more in-progress transactions than this is stored as the weaker `xmin:xmin:`
 * (every txid from xmin on counts as not yet delivered): always safe, because applying a row
 * twice is harmless, and it keeps cursors small on a server with very many open transactions.
 */
export const MAX_CURSOR_XIP = 64;

const XID8 = /^\d{1,20}$/;

export function encodeCursor(cursor: SyncCursor): string {
  const body = cursor.page
    ? {
        v: 2,
        s: cursor.since,
        u: cursor.page.upto,
        t: cursor.page.table,
        x: cursor.page.txid,
        i: cursor.page.id,
      }
    : { v: 2, s: cursor.since };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/** A snapshot fit for a cursor: the snapshot itself, or `xmin:xmin:` when its list is long. */
export function cursorSnapshot(snapshot: Snapshot): string {
  return snapshot.xip.length > MAX_CURSOR_XIP
    ? `${snapshot.xmin}:${snapshot.xmin}:`
    : formatSnapshot(snapshot);
}

/** Parses a cursor from a client; throws InvalidCursorError for anything malformed. */
export function decodeCursor(value: string): SyncCursor {
  if (value.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof body !== "object" || body === null) throw new InvalidCursorError();
  const b = body as Record<string, unknown>;
  const snapshot = (v: unknown): string => {
    if (typeof v !== "string") throw new InvalidCursorError();
    if (b.v === undefined) {
      // First format: an xmin watermark.
      if (!XID8.test(v) || BigInt(v) < 1n) throw new InvalidCursorError();
      return `${BigInt(v)}:${BigInt(v)}:`;
    }
    const parsed = parseSnapshot(v);
    if (!parsed) throw new InvalidCursorError();
    return formatSnapshot(parsed);
  };
  if (b.v !== undefined && b.v !== 2) throw new InvalidCursorError();
  const since = snapshot(b.s);
  if (b.u === undefined) return { since };
  const txidOk = b.x === null || (typeof b.x === "string" && XID8.test(b.x));
  const idOk = b.i === null || (typeof b.i === "number" && Number.isSafeInteger(b.i));
  if (
    typeof b.t !== "number" ||
    !Number.isInteger(b.t) ||
    b.t < 0 ||
    !txidOk ||
    !idOk ||
    (b.x === null) !== (b.i === null)
  ) {
    throw new InvalidCursorError();
  }
  return {
    since,
    page: { upto: snapshot(b.u), table: b.t, txid: b.x as string | null, id: b.i as number | null },
  };
}

/** The snapshot a cursor guarantees: every change visible in it has been delivered. */
export function cursorSnapshotOf(value: string): string {
  return decodeCursor(value).since;
}

export class InvalidCursorError extends Error {
  constructor() {
    super("The sync cursor is not valid.");
    this.name = "InvalidCursorError";
  }
}
