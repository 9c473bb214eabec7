/**
 * Conversation keys: one string per unordered endpoint pair, so both directions of a flow find the
 * same entry. Built from 16-bit words with String.fromCharCode, which is much cheaper than hex or
 * dotted formatting and collision-free (every key word is a distinct char).
 */

/** Result of building a key: the key and whether the source endpoint sorts first. */
export interface TupleKey {
  key: string;
  /** True when (src, srcPort) is the lower endpoint of the pair (the key's first half). */
  srcIsLower: boolean;
}

function compareEndpoints(b: Uint8Array, ao: number, ap: number, bo: number, bp: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const d = b[ao + i] - b[bo + i];
    if (d !== 0) return d;
  }
  return ap - bp;
}

/**
 * Builds the key of the endpoint pair (src:srcPort, dst:dstPort) for `proto` (a tag char: 't' TCP,
 * 'u' UDP, ...). Addresses are read from `addrs` at the given offsets; `family` gives their length.
 * `out` is reused to avoid allocation on the per-packet path.
 */
export function tupleKey(
  proto: number, family: 4 | 6, addrs: Uint8Array, srcOff: number, dstOff: number,
  srcPort: number, dstPort: number, out: TupleKey,
): TupleKey {
  const n = family === 4 ? 4 : 16;
  const srcLower = compareEndpoints(addrs, srcOff, srcPort, dstOff, dstPort, n) <= 0;
  const lo = srcLower ? srcOff : dstOff, hi = srcLower ? dstOff : srcOff;
  const lp = srcLower ? srcPort : dstPort, hp = srcLower ? dstPort : srcPort;
  const a = addrs;
  if (family === 4) {
    out.key = String.fromCharCode(
      proto, (a[lo] << 8) | a[lo + 1], (a[lo + 2] << 8) | a[lo + 3], lp,
      (a[hi] << 8) | a[hi + 1], (a[hi + 2] << 8) | a[hi + 3], hp,
    );
  } else {
    let s = String.fromCharCode(proto | 0x100);
    for (let i = 0; i < 16; i += 2) s += String.fromCharCode((a[lo + i] << 8) | a[lo + i + 1]);
    s += String.fromCharCode(lp);
    for (let i = 0; i < 16; i += 2) s += String.fromCharCode((a[hi + i] << 8) | a[hi + i + 1]);
    out.key = s + String.fromCharCode(hp);
  }
  out.srcIsLower = srcLower;
  return out;
}
