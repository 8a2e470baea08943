import {
  formatSnapshot,
  parseSnapshot,
  type Snapshot,
  txidVisibleInSnapshot,
} from "../schemas/snapshot.ts";

/**
 * The sync cursor (ARCHITECTURE §4, decision 002). Opaque to clients.
 *
 * `since` is a whole PostgreSQL snapshot (`xmin:xmax:xip,...`): the holder has every change whose
 * transaction is visible in it. While a pull is paged, the cursor also carries the window's end
 * snapshot `upto` and the position inside it: the table being read and the last (txid, id)
 * delivered from it. Snapshots here are always in PostgreSQL's text form; only the wire form is
 * compact.
 */
/** A position in a window's (table, txid, id) order; txid and id null: the table's start. */
export interface SyncPosition {
  table: number;
  txid: string | null;
  id: number | null;
}

export interface SyncCursor {
  since: string;
  page?:
    | (SyncPosition & {
        upto: string;
        /**
         * A bootstrap lane (see pull): this chain of pages ends with this row of `table`
         * (inclusive), or, with txid null, just before `table`. Absent: the window's end.
         */
        end?: SyncPosition | undefined;
      })
    | undefined;
}

/**
 * Wire form (format 3): `3.<since>` or, while paging, `3.<since>.<upto>.<table>[.<txid>.<id>]`.
 * A snapshot is `<xmin>-<xmax - xmin>[-<gap>_<gap>...]`, every number in base 36 and each
 * in-progress txid as its distance from the previous one (the first from xmin): on a busy server
 * the list is hundreds of nearby ids, which this keeps to two or three characters each. Only
 * characters that travel unescaped in a URL query and an SSE event id.
 *
 * Formats 1 and 2 (base64url JSON: `{s}` an xmin watermark, `{v: 2, s, u?, t?, x?, i?}` text
 * snapshots) are still read: an xmin watermark `n` is the snapshot `n:n:`, the same window.
 */
const FORMAT = "3";

/**
 * A snapshot in a cursor takes at most this many characters. A longer in-progress list is cut
 * (see boundSnapshot): a paged cursor stays near 2 KB and the subscription URL, which carries two
 * cursors, far below Node's 16 KB header limit.
 */
export const MAX_SNAPSHOT_CHARS = 1_000;

/** Any snapshot cut to its shortest (`xmin-width`) fits this; a smaller budget may not be met. */
export const MIN_SNAPSHOT_CHARS = 27;

/** Cursors longer than this are refused before any parsing (every format ever issued fits). */
export const MAX_CURSOR_LENGTH = 4_096;

const BASE36 = /^[0-9a-z]{1,13}$/;
const XID8 = /^\d{1,20}$/;

function fromBase36(text: string): bigint | null {
  if (!BASE36.test(text)) return null;
  let value = 0n;
  for (const ch of text) value = value * 36n + BigInt(Number.parseInt(ch, 36));
  return value;
}

/** The compact form of a snapshot (see FORMAT). */
export function encodeSnapshot(s: Snapshot): string {
  let text = `${s.xmin.toString(36)}-${(s.xmax - s.xmin).toString(36)}`;
  let previous = s.xmin;
  s.xip.forEach((x, i) => {
    text += `${i === 0 ? "-" : "_"}${(x - previous).toString(36)}`;
    previous = x;
  });
  return text;
}

/** Parses the compact form; null unless it is a snapshot PostgreSQL would accept. */
export function decodeSnapshot(text: string): Snapshot | null {
  const [min, span, gaps, extra] = text.split("-");
  if (min === undefined || span === undefined || extra !== undefined) return null;
  const xmin = fromBase36(min);
  const width = fromBase36(span);
  if (xmin === null || width === null) return null;
  const xip: bigint[] = [];
  let previous = xmin;
  for (const gap of gaps === undefined ? [] : gaps.split("_")) {
    const step = fromBase36(gap);
    if (step === null) return null;
    previous += step;
    xip.push(previous);
  }
  // One validation for every form: the text parser's.
  return parseSnapshot(formatSnapshot({ xmin, xmax: xmin + width, xip }));
}

/**
 * The largest snapshot at most `maxChars` long (compact form) whose visible transactions are all
 * visible in `s`: `s` itself when it fits, else `s` with xmax lowered to its (k+1)-th in-progress
 * txid, keeping the k before it. Rows of transactions at or above the cut count as not yet
 * delivered: a pull up to the cut delivers them later, a cursor at the cut asks for them again
 * (harmless: applying a row is idempotent). Only commits newer than the cut wait, and only while
 * the many older transactions before them stay open.
 */
export function boundSnapshot(s: Snapshot, maxChars: number = MAX_SNAPSHOT_CHARS): Snapshot {
  if (s.xip.length === 0 || encodeSnapshot(s).length <= maxChars) return s;
  let length = `${s.xmin.toString(36)}-`.length;
  let previous = s.xmin;
  let kept = 0;
  for (; kept < s.xip.length; kept++) {
    const cut = s.xip[kept]!;
    // The snapshot that keeps `kept` entries ends at `cut`: does one more entry still fit?
    const next = s.xip[kept + 1];
    const gap = `${kept === 0 ? "-" : "_"}${(cut - previous).toString(36)}`;
    const widthIfMore = next === undefined ? s.xmax : next;
    if (length + gap.length + (widthIfMore - s.xmin).toString(36).length > maxChars) break;
    length += gap.length;
    previous = cut;
  }
  return { xmin: s.xmin, xmax: s.xip[kept]!, xip: s.xip.slice(0, kept) };
}

/**
 * The snapshot a pull from `since` completes, given the server's snapshot `now`: `now` cut to the
 * budget (boundSnapshot). A cut never moves a cursor backwards: when it falls below what `since`
 * already covers (many transactions began since the last pull), the result is `since` plus the
 * transactions that have ended below the cut, which is no longer than `since`. So a row is
 * delivered once even while the list is long. A `since` that is not from this server's past (a
 * forged cursor, a restored database) is simply replaced by the cut.
 */
export function nextSnapshot(
  since: Snapshot | null,
  now: Snapshot,
  maxChars: number = MAX_SNAPSHOT_CHARS,
): Snapshot {
  const cut = boundSnapshot(now, maxChars);
  if (!since || cut.xmax >= since.xmax || !isPastOf(since, now)) return cut;
  const xip = since.xip.filter((x) => !txidVisibleInSnapshot(cut, x));
  return boundSnapshot({ xmin: since.xmin, xmax: since.xmax, xip }, maxChars);
}

/** `past` could have been taken on the same server before `now` (all it sees, `now` sees). */
function isPastOf(past: Snapshot, now: Snapshot): boolean {
  if (past.xmax > now.xmax) return false;
  const open = new Set(past.xip);
  return now.xip.every((x) => x >= past.xmax || open.has(x));
}

export function encodeCursor(cursor: SyncCursor): string {
  const snap = (text: string) => {
    const parsed = parseSnapshot(text);
    if (!parsed) throw new Error(`encodeCursor: not a snapshot: ${text}`);
    return encodeSnapshot(parsed);
  };
  const position = (p: SyncPosition) =>
    p.txid !== null && p.id !== null
      ? [String(p.table), BigInt(p.txid).toString(36), p.id.toString(36)]
      : [String(p.table)];
  const parts = [FORMAT, snap(cursor.since)];
  const page = cursor.page;
  if (page) parts.push(snap(page.upto), ...position(page));
  const text = parts.join(".");
  // A lane's end follows a "~": `3.since.upto.table[.txid.id]~table[.txid.id]`.
  return page?.end ? `${text}~${position(page.end).join(".")}` : text;
}

/** Parses a cursor from a client; throws InvalidCursorError for anything malformed. */
export function decodeCursor(value: string): SyncCursor {
  if (value.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError();
  return value.startsWith(`${FORMAT}.`) ? decodeCompact(value) : decodeJson(value);
}

/** `table[.txid.id]` as a position; throws InvalidCursorError for anything else. */
function decodePosition(t: string | undefined, x: string | undefined, i: string | undefined) {
  if (t === undefined || !/^\d{1,2}$/.test(t) || (x === undefined) !== (i === undefined)) {
    throw new InvalidCursorError();
  }
  let txid: string | null = null;
  let id: number | null = null;
  if (x !== undefined && i !== undefined) {
    const tx = fromBase36(x);
    const row = fromBase36(i);
    if (tx === null || row === null || row > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InvalidCursorError();
    }
    txid = tx.toString();
    id = Number(row);
  }
  return { table: Number(t), txid, id };
}

function decodeCompact(value: string): SyncCursor {
  const [head, tail, more] = value.split("~");
  if (head === undefined || more !== undefined) throw new InvalidCursorError();
  const [, s, u, t, x, i, extra] = head.split(".");
  const snapshot = (text: string) => {
    const parsed = decodeSnapshot(text);
    if (!parsed) throw new InvalidCursorError();
    return formatSnapshot(parsed);
  };
  if (s === undefined || extra !== undefined) throw new InvalidCursorError();
  const since = snapshot(s);
  if (u === undefined) {
    if (tail !== undefined) throw new InvalidCursorError();
    return { since };
  }
  const page = { upto: snapshot(u), ...decodePosition(t, x, i) };
  if (tail === undefined) return { since, page };
  const [et, ex, ei, extraEnd] = tail.split(".");
  if (extraEnd !== undefined) throw new InvalidCursorError();
  return { since, page: { ...page, end: decodePosition(et, ex, ei) } };
}

/** Formats 1 and 2 (base64url JSON). */
function decodeJson(value: string): SyncCursor {
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
      // Format 1: an xmin watermark.
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
