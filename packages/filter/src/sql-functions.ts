/**
 * The SQL functions compiled filters call. The case index registers them on every connection that
 * runs filters (better-sqlite3: `registerFilterFunctions(db, { frameBytes })`). They are plain
 * functions of SQLite values so they stay pure TypeScript; BLOBs arrive as Uint8Array (Buffer).
 *
 *   ww_regexp(pattern TEXT, value TEXT|BLOB) -> 1 | 0 | NULL
 *       `matches`: the bounded NFA engine of regex/regex.ts, case-insensitive unless (?-i); text is
 *       matched as its UTF-8 bytes (PCRE2 byte mode, as Wireshark). NULL value -> NULL.
 *   ww_slice(value BLOB|TEXT, spec TEXT) -> BLOB | NULL
 *       Slices: spec is "S:L" (start, length), "S:" (to the end) or "S~E" (inclusive end) items
 *       joined by ";" and concatenated; negative offsets count from the end. NULL when any range
 *       falls outside the value (Wireshark: the slice does not exist).
 *   ww_inet(address TEXT) -> BLOB | NULL
 *       Dotted-quad or IPv6 text to its 4 / 16 network-order bytes, for ordering and CIDR tests.
 *   ww_int_bytes(value INTEGER, n INTEGER) -> BLOB | NULL
 *       Big-endian n-byte image of an integer (MAC addresses stored as 48-bit integers -> 6 bytes).
 *   ww_bytes_and(a BLOB, mask BLOB) -> BLOB | NULL
 *       Bytewise AND of a slice and a mask of the same length (NULL when the lengths differ).
 *   ww_frame_bytes(frame INTEGER, offset INTEGER, length INTEGER) -> BLOB | NULL
 *       Captured bytes of a frame (the `frame` protocol, frame[...] slices). Only the index can
 *       implement it (it reads the evidence file); pass it as `frameBytes`.
 *   ww_nstime_delta(bsec, bnsec, asec, ansec) -> INTEGER | REAL | NULL
 *       Wireshark's nstime_delta(b - a) in nanoseconds, 32-bit fraction wrap included (nstime.ts).
 *   ww_nstime_cmp(a, b) -> -1 | 0 | 1 | NULL
 *       Wireshark's nstime_cmp of two time offsets in nanoseconds (nstime.ts).
 *   ww_check() -> 1
 *       Calls the host's `check` (a time limit: it throws to stop the statement). SQLite has no
 *       interrupt through better-sqlite3, so a query polls it (the engine: once per 1024 frames), and
 *       the per-row functions above that do real work (regexp, frame bytes, decoded fields) call it too.
 */
import { compileRegex, type Regex } from './regex/regex.js';
import { parseIPv4, parseIPv6 } from './literals.js';
import { encodeUtf8 } from './utf8.js';
import { nstimeCmp, nstimeDelta } from './nstime.js';
import type { Kind } from './types.js';

type SqlValue = number | bigint | string | Uint8Array | null;

const regexCache = new Map<string, Regex | Error>();
const REGEX_CACHE_SIZE = 256;

function bytesOf(v: SqlValue): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return v;
  return encodeUtf8(String(v));
}

export function wwRegexp(pattern: SqlValue, value: SqlValue): number | null {
  if (value === null || value === undefined || pattern === null || pattern === undefined) return null;
  const p = String(pattern);
  let re = regexCache.get(p);
  if (re === undefined) {
    try {
      re = compileRegex(p);
    } catch (e) {
      re = e instanceof Error ? e : new Error(String(e));
    }
    if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.delete(regexCache.keys().next().value as string);
    regexCache.set(p, re);
  }
  // The compiler validated the pattern; an invalid one here means a hand-written query: no match.
  if (re instanceof Error) return null;
  return re.test(bytesOf(value)!) ? 1 : 0;
}

type Range = { start: number; len: number | null; end: number | null };
const specCache = new Map<string, Range[] | null>();

function parseSpec(spec: string): Range[] | null {
  let r = specCache.get(spec);
  if (r !== undefined) return r;
  r = [];
  for (const item of spec.split(';')) {
    let m: RegExpExecArray | null;
    if ((m = /^(-?\d+):(\d+)$/.exec(item))) r.push({ start: +m[1], len: +m[2], end: null });
    else if ((m = /^(-?\d+):$/.exec(item))) r.push({ start: +m[1], len: null, end: null });
    else if ((m = /^(-?\d+)~(-?\d+)$/.exec(item))) r.push({ start: +m[1], len: null, end: +m[2] });
    else { r = null; break; }
  }
  if (specCache.size > 1024) specCache.clear();
  specCache.set(spec, r);
  return r;
}

export function wwSlice(value: SqlValue, spec: SqlValue): Uint8Array | null {
  const b = bytesOf(value);
  if (b === null || spec === null || spec === undefined) return null;
  const ranges = parseSpec(String(spec));
  if (!ranges) return null;
  const n = b.length;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const r of ranges) {
    const start = r.start < 0 ? n + r.start : r.start;
    let end: number; // exclusive
    if (r.len !== null) end = start + r.len;
    else if (r.end !== null) end = (r.end < 0 ? n + r.end : r.end) + 1;
    else end = n;
    if (start < 0 || start > n || end > n || end < start) return null;
    parts.push(b.subarray(start, end));
    total += end - start;
  }
  if (parts.length === 1) return Uint8Array.from(parts[0]);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export function wwInet(text: SqlValue): Uint8Array | null {
  if (typeof text !== 'string') return null;
  const v4 = parseIPv4(text);
  if (v4 !== null) return Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255);
  return parseIPv6(text);
}

export function wwIntBytes(value: SqlValue, n: SqlValue): Uint8Array | null {
  if (value === null || value === undefined || n === null || n === undefined) return null;
  if (typeof value !== 'number' && typeof value !== 'bigint') return null;
  const len = Number(n);
  if (!Number.isInteger(len) || len < 1 || len > 8) return null;
  let v = BigInt(value);
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}

export function wwBytesAnd(a: SqlValue, mask: SqlValue): Uint8Array | null {
  const x = bytesOf(a), m = bytesOf(mask);
  if (x === null || m === null || x.length !== m.length) return null;
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] & m[i];
  return out;
}

/** Reads `length` captured bytes of frame `frame` from `offset`; null if the frame is unknown. */
export type FrameBytesReader = (frame: number, offset: number, length: number) => Uint8Array | null;

export function makeFrameBytes(read: FrameBytesReader): (frame: SqlValue, offset: SqlValue, length: SqlValue) => Uint8Array | null {
  return (frame, offset, length) => {
    if (frame === null || offset === null || length === null) return null;
    const o = Number(offset), l = Number(length);
    if (!Number.isSafeInteger(o) || !Number.isSafeInteger(l) || o < 0 || l < 0) return null;
    return read(Number(frame), o, l);
  };
}

/** "0x0303" (or "771", or an integer) -> 771; anything else NULL. TLS versions are stored as hex text. */
export function wwHexInt(v: SqlValue): number | bigint | null {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v !== 'string') return null;
  if (/^0[xX][0-9a-fA-F]{1,13}$/.test(v)) return parseInt(v.slice(2), 16);
  if (/^[0-9]{1,15}$/.test(v)) return Number(v);
  return null;
}

/**
 * Values of a field decoded from frame `frame`'s bytes, converted to the storage of `kind` (see
 * types.ts: ints as numbers, MACs as 48-bit integers, addresses as text, bytes as Uint8Array).
 */
export type DecodedFieldReader = (frame: number, field: string, kind: Kind) => readonly SqlValue[];

/** The part of better-sqlite3's Database this module needs. */
export interface FunctionHost {
  function(name: string, options: { deterministic?: boolean; varargs?: boolean; directOnly?: boolean }, fn: (...args: never[]) => unknown): unknown;
  table?(name: string, def: { columns: string[]; parameters?: string[]; rows: (...params: unknown[]) => Generator }): unknown;
}

export const SQL_FUNCTION_NAMES = [
  'ww_regexp', 'ww_slice', 'ww_inet', 'ww_int_bytes', 'ww_bytes_and', 'ww_frame_bytes', 'ww_hexint', 'ww_nstime_delta', 'ww_nstime_cmp', 'ww_decoded', 'ww_check',
] as const;

/**
 * Registers every function compiled filters may call. Without `frameBytes`, ww_frame_bytes returns
 * NULL (filters on `frame` bytes then match nothing rather than failing). `check` is called by
 * ww_check() and by the costly per-row functions; what it throws ends the statement and reaches the
 * caller of the query (better-sqlite3 rethrows it).
 */
export function registerFilterFunctions(
  db: FunctionHost,
  opts: { frameBytes?: FrameBytesReader; decoded?: DecodedFieldReader; check?: () => void } = {},
): void {
  const check = opts.check;
  // Not deterministic: SQLite would evaluate a constant deterministic call once per statement.
  db.function('ww_check', { deterministic: false }, () => { check?.(); return 1; });
  db.function('ww_regexp', { deterministic: true }, check ? (p: SqlValue, v: SqlValue) => { check(); return wwRegexp(p, v); } : wwRegexp);
  db.function('ww_slice', { deterministic: true }, wwSlice);
  db.function('ww_inet', { deterministic: true }, wwInet);
  db.function('ww_int_bytes', { deterministic: true }, wwIntBytes);
  db.function('ww_bytes_and', { deterministic: true }, wwBytesAnd);
  const read = opts.frameBytes;
  const fb = read ? makeFrameBytes(check ? (f, o, l) => { check(); return read(f, o, l); } : read) : () => null;
  db.function('ww_frame_bytes', { deterministic: true }, fb);
  db.function('ww_hexint', { deterministic: true }, wwHexInt);
  db.function('ww_nstime_delta', { deterministic: true }, nstimeDelta);
  db.function('ww_nstime_cmp', { deterministic: true }, nstimeCmp);
  // Without a decoder (a bare index), decoded fields have no occurrences.
  const decoded = opts.decoded;
  db.table?.('ww_decoded', {
    columns: ['value'],
    parameters: ['frame', 'field', 'kind'],
    *rows(...params: unknown[]) {
      const [frame, field, kind] = params;
      if (!decoded || typeof frame !== 'number' || typeof field !== 'string' || typeof kind !== 'string') return;
      check?.();
      for (const v of decoded(Number(frame), field, kind as Kind)) yield [v];
    },
  });
}
