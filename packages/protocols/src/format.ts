/**
 * Text formatting of addresses, numbers and timestamps exactly as Wireshark/tshark print them.
 * These run on the ingest hot path, so they use precomputed tables and small caches instead of
 * per-byte toString()/padStart() calls.
 */

/** "0".."255": IPv4 octets and other small decimals without Number->string conversion. */
export const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));
/** "00".."ff": two lowercase hex digits per byte. */
export const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Decimal strings for 0..65535, filled lazily (ports, lengths, windows repeat a lot). */
const U16_STR: (string | undefined)[] = new Array<string | undefined>(65536);

/** Decimal string of a 16-bit unsigned value, cached. */
export function u16Str(v: number): string {
  let s = U16_STR[v];
  if (s === undefined) {
    s = String(v);
    U16_STR[v] = s;
  }
  return s;
}

const ARROW_CACHE_BITS = 10;
const arrowKeys = new Int32Array(1 << ARROW_CACHE_BITS).fill(-1);
const arrowVals: (string | undefined)[] = new Array<string | undefined>(1 << ARROW_CACHE_BITS);

/**
 * "src → dst" for the TCP/UDP Info column, cached per port pair: the arrow (U+2192) makes the
 * string two-byte, and building it is the single most expensive step of a TCP summary.
 */
export function portsArrow(sp: number, dp: number): string {
  const key = (sp << 16) | dp;
  const slot = (key ^ (key >>> 10) ^ (key >>> 20)) & ((1 << ARROW_CACHE_BITS) - 1);
  const hit = arrowVals[slot];
  if (hit !== undefined && arrowKeys[slot] === key) return hit;
  const v = u16Str(sp) + ' \u2192 ' + u16Str(dp);
  arrowKeys[slot] = key;
  arrowVals[slot] = v;
  return v;
}

/** "0x" + 2 hex digits. */
export function hex8(v: number): string {
  return '0x' + HEX2[v & 0xff];
}

/** "0x" + 4 hex digits (Wireshark's %04x). */
export function hex16(v: number): string {
  return '0x' + HEX2[(v >>> 8) & 0xff] + HEX2[v & 0xff];
}

/** "0x" + 8 hex digits. */
export function hex32(v: number): string {
  return '0x' + HEX2[(v >>> 24) & 0xff] + HEX2[(v >>> 16) & 0xff] + HEX2[(v >>> 8) & 0xff] + HEX2[v & 0xff];
}

/** Bytes as colon-separated hex ("de:ad:be:ef"), as Wireshark shows FT_BYTES values. */
export function hexColon(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += (i ? ':' : '') + HEX2[b[off + i]];
  return s;
}

/** Bytes as plain hex ("deadbeef"). */
export function hexPlain(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += HEX2[b[off + i]];
  return s;
}

// Small direct-mapped caches: captures repeat the same few addresses millions of times, and a
// cache hit avoids building (and later flattening) a new string for every frame.
const V4_CACHE_BITS = 10;
const V4_MASK = (1 << V4_CACHE_BITS) - 1;
const v4Keys = new Int32Array(1 << V4_CACHE_BITS);
const v4Vals: (string | undefined)[] = new Array<string | undefined>(1 << V4_CACHE_BITS);

/** Dotted-quad text of the 4 bytes at `off` (e.g. "10.0.0.1"). */
export function formatIPv4(b: Uint8Array, off: number): string {
  const a = b[off], c = b[off + 1], e = b[off + 2], f = b[off + 3];
  const key = (a << 24) | (c << 16) | (e << 8) | f;
  const slot = (key ^ (key >>> 12) ^ (key >>> 22)) & V4_MASK;
  const hit = v4Vals[slot];
  if (hit !== undefined && v4Keys[slot] === key) return hit;
  const s = DEC[a] + '.' + DEC[c] + '.' + DEC[e] + '.' + DEC[f];
  v4Keys[slot] = key;
  v4Vals[slot] = s;
  return s;
}

const MAC_CACHE_BITS = 9;
const MAC_MASK = (1 << MAC_CACHE_BITS) - 1;
const macHi = new Int32Array(1 << MAC_CACHE_BITS);
const macLo = new Int32Array(1 << MAC_CACHE_BITS);
const macVals: (string | undefined)[] = new Array<string | undefined>(1 << MAC_CACHE_BITS);

/** Lowercase colon-separated MAC-48 text of the 6 bytes at `off`. */
export function formatMac(b: Uint8Array, off: number): string {
  const hi = (b[off] << 8) | b[off + 1];
  const lo = (b[off + 2] << 24) | (b[off + 3] << 16) | (b[off + 4] << 8) | b[off + 5];
  const slot = (lo ^ (lo >>> 9) ^ (lo >>> 18) ^ hi) & MAC_MASK;
  const hit = macVals[slot];
  if (hit !== undefined && macLo[slot] === lo && macHi[slot] === hi) return hit;
  const s = HEX2[b[off]] + ':' + HEX2[b[off + 1]] + ':' + HEX2[b[off + 2]] + ':' +
    HEX2[b[off + 3]] + ':' + HEX2[b[off + 4]] + ':' + HEX2[b[off + 5]];
  macHi[slot] = hi;
  macLo[slot] = lo;
  macVals[slot] = s;
  return s;
}

/** Lowercase hex of a 16-bit word without leading zeros ("%x"), cached. */
const WORD_HEX: (string | undefined)[] = new Array<string | undefined>(65536);
function wordHex(w: number): string {
  let s = WORD_HEX[w];
  if (s === undefined) {
    s = w.toString(16);
    WORD_HEX[w] = s;
  }
  return s;
}

const V6_CACHE_BITS = 9;
const V6_MASK = (1 << V6_CACHE_BITS) - 1;
const v6Keys = new Int32Array(4 << V6_CACHE_BITS);
const v6Vals: (string | undefined)[] = new Array<string | undefined>(1 << V6_CACHE_BITS);
const words = new Int32Array(8);

/**
 * RFC 5952 text of the 16 bytes at `off`, identical to glibc inet_ntop (which Wireshark uses):
 * lowercase, no leading zeros, the longest run of >= 2 zero words becomes "::" (the first one on a
 * tie), and IPv4-mapped (::ffff:a.b.c.d) / IPv4-compatible (::a.b.c.d) addresses end in a dotted quad.
 */
export function formatIPv6(b: Uint8Array, off: number): string {
  const k0 = (b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3];
  const k1 = (b[off + 4] << 24) | (b[off + 5] << 16) | (b[off + 6] << 8) | b[off + 7];
  const k2 = (b[off + 8] << 24) | (b[off + 9] << 16) | (b[off + 10] << 8) | b[off + 11];
  const k3 = (b[off + 12] << 24) | (b[off + 13] << 16) | (b[off + 14] << 8) | b[off + 15];
  let h = k0 ^ k1 ^ k2 ^ k3;
  h = h ^ (h >>> 11) ^ (h >>> 21);
  const slot = h & V6_MASK;
  const base = slot << 2;
  const hit = v6Vals[slot];
  if (hit !== undefined && v6Keys[base] === k0 && v6Keys[base + 1] === k1 && v6Keys[base + 2] === k2 && v6Keys[base + 3] === k3) {
    return hit;
  }
  const s = ipv6Text(b, off);
  v6Keys[base] = k0;
  v6Keys[base + 1] = k1;
  v6Keys[base + 2] = k2;
  v6Keys[base + 3] = k3;
  v6Vals[slot] = s;
  return s;
}

function ipv6Text(b: Uint8Array, off: number): string {
  for (let i = 0; i < 8; i++) words[i] = (b[off + 2 * i] << 8) | b[off + 2 * i + 1];
  // Longest run of zero words; strict ">" keeps the first run on a tie.
  let bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) { curBase = i; curLen = 1; } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1; // a single zero word is not compressed

  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return s + DEC[b[off + 12]] + '.' + DEC[b[off + 13]] + '.' + DEC[b[off + 14]] + '.' + DEC[b[off + 15]];
    }
    s += wordHex(words[i]);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':';
  return s;
}

const NS_PER_S = 1_000_000_000n;

/** frame.time_epoch text: the capture layer's formatter, so the detail tree and the CLI agree. */
export { formatEpochNs } from '@wirewho/pcap';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** frame.time in UTC the way tshark prints it: "Nov 23, 2026 09:03:00.361256000 UTC". */
export function formatAbsTimeUtc(tsNs: bigint): string {
  let sec = tsNs / NS_PER_S;
  let frac = tsNs % NS_PER_S;
  if (frac < 0n) { frac += NS_PER_S; sec -= 1n; }
  const d = new Date(Number(sec) * 1000);
  if (Number.isNaN(d.getTime())) return 'Not representable';
  const p2 = (n: number) => (n < 10 ? '0' : '') + n;
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}, ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:` +
    `${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${frac.toString().padStart(9, '0')} UTC`;
}

/** Unsigned 16-bit big-endian read (caller checks bounds). */
export function be16(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}

/** Unsigned 32-bit big-endian read (caller checks bounds). */
export function be32(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}

/** Unsigned 32-bit little-endian read (caller checks bounds). */
export function le32(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

/** Bit-field picture as Wireshark draws it, e.g. bitPicture(0x45, 0xf0, 8) -> "0100 ....". */
export function bitPicture(value: number, mask: number, bits: number): string {
  let s = '';
  for (let i = bits - 1; i >= 0; i--) {
    const bit = 2 ** i;
    s += Math.floor(mask / bit) % 2 ? (Math.floor(value / bit) % 2 ? '1' : '0') : '.';
    if (i % 4 === 0 && i !== 0) s += ' ';
  }
  return s;
}
