/**
 * The sync cursor (ARCHITECTURE §4). Opaque to clients: base64url of a small JSON object.
 *
 * `since` is the xid8 watermark below which the holder has every change. While a pull is paged,
 * the cursor also carries the fixed window end `upto` and the position inside it: the table
 * being read and the last (txid, id) delivered from it. xid8 values stay decimal strings (they
 * exceed 2^53) and are compared in SQL as xid8 or in JS as BigInt, never as 32-bit xids.
 */
export interface SyncCursor {
  since: string;
  page?: { upto: string; table: number; txid: string | null; id: number | null } | undefined;
}

const XID8 = /^\d{1,20}$/;

export function encodeCursor(cursor: SyncCursor): string {
  const body = cursor.page
    ? {
        s: cursor.since,
        u: cursor.page.upto,
        t: cursor.page.table,
        x: cursor.page.txid,
        i: cursor.page.id,
      }
    : { s: cursor.since };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/** Parses a cursor from a client; throws InvalidCursorError for anything malformed. */
export function decodeCursor(value: string): SyncCursor {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof body !== "object" || body === null) throw new InvalidCursorError();
  const b = body as Record<string, unknown>;
  if (typeof b.s !== "string" || !XID8.test(b.s)) throw new InvalidCursorError();
  if (b.u === undefined) return { since: b.s };
  const txidOk = b.x === null || (typeof b.x === "string" && XID8.test(b.x));
  const idOk = b.i === null || (typeof b.i === "number" && Number.isSafeInteger(b.i));
  if (
    typeof b.u !== "string" ||
    !XID8.test(b.u) ||
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
    since: b.s,
    page: { upto: b.u, table: b.t, txid: b.x as string | null, id: b.i as number | null },
  };
}

/** The watermark a cursor guarantees: every change with a txid below it has been delivered. */
export function cursorWatermark(value: string): string {
  return decodeCursor(value).since;
}

export class InvalidCursorError extends Error {
  constructor() {
    super("The sync cursor is not valid.");
    this.name = "InvalidCursorError";
  }
}
