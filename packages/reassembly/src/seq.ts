/**
 * TCP sequence-number arithmetic modulo 2^32 (RFC 1982 style). Sequence numbers are plain JS numbers
 * in 0..2^32-1; stream offsets are unbounded non-negative integers (a stream may exceed 4 GiB).
 */

/** Signed distance a - b in sequence space, in -2^31..2^31-1 (positive when a is after b). */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** a + n wrapped to 32 bits. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** True when a is strictly after b in sequence space. */
export function seqAfter(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/**
 * Maps a sequence number to a stream offset, given an anchor (a known offset and its sequence number).
 * Choosing the nearest unwrapping makes wrap-around at 2^32 and streams longer than 4 GiB both work,
 * as long as the segment lies within ±2 GiB of the anchor.
 */
export function seqToOffset(seq: number, anchorSeq: number, anchorOffset: number): number {
  return anchorOffset + ((seq - anchorSeq) | 0);
}
