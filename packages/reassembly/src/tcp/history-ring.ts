/**
 * The most recently delivered bytes of one direction, addressed by stream offset. Retransmissions of
 * delivered data are compared against it, so differing copies are reported instead of dropped
 * unseen. Capacity is a power of two and grows on demand (short streams stay small).
 */

import { firstDifference as firstDiff, lastDifference as lastDiff } from '../bytes.js';

export interface CompareResult {
  /** Bytes actually compared (the rest fell outside the retained window). */
  verified: number;
  /** Stream offsets of the first and last differing byte, or -1. */
  firstDiff: number;
  lastDiff: number;
}

export class HistoryRing {
  private buf: Uint8Array;
  private mask: number;
  /** Valid window of offsets: [start, end). */
  start = 0;
  end = 0;

  constructor(capacity: number, at: number) {
    this.buf = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.start = this.end = at;
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Forgets everything (after a gap: bytes before it cannot be compared with what follows). */
  reset(at: number): void {
    this.start = this.end = at;
  }

  /** Appends bytes delivered at `off` (a non-contiguous offset resets the window). */
  append(off: number, b: Uint8Array): void {
    if (off !== this.end) this.reset(off);
    const cap = this.buf.length;
    let src = b;
    if (src.length > cap) src = src.subarray(src.length - cap);
    const wOff = off + b.length - src.length;
    const i = wOff & this.mask;
    const first = Math.min(src.length, cap - i);
    this.buf.set(first === src.length ? src : src.subarray(0, first), i);
    if (first < src.length) this.buf.set(src.subarray(first), 0);
    this.end = off + b.length;
    if (this.end - this.start > cap) this.start = this.end - cap;
  }

  /** Moves the window into a larger buffer. */
  grow(capacity: number): void {
    if (capacity <= this.buf.length) return;
    const old = this.buf, om = this.mask;
    const next = new Uint8Array(capacity);
    const nm = capacity - 1;
    // Copy the window in at most four contiguous runs (wrap points of the old and new rings).
    for (let o = this.start; o < this.end;) {
      const si = o & om, di = o & nm;
      const n = Math.min(this.end - o, old.length - si, capacity - di);
      next.set(old.subarray(si, si + n), di);
      o += n;
    }
    this.buf = next;
    this.mask = nm;
  }

  /** Compares `n` bytes of `b` (from `bo`), claimed to be at stream offset `off`, with the window. */
  compare(off: number, b: Uint8Array, bo: number, n: number, out: CompareResult): CompareResult {
    const s = Math.max(off, this.start), e = Math.min(off + n, this.end);
    out.verified = 0;
    out.firstDiff = out.lastDiff = -1;
    if (s >= e) return out;
    out.verified = e - s;
    const buf = this.buf, cap = buf.length;
    // At most two contiguous runs of the ring; tight loops over plain indexes compile well.
    for (let o = s; o < e;) {
      const ri = o & this.mask;
      const n = Math.min(e - o, cap - ri);
      const bi = bo + o - off;
      const f = firstDiff(buf, ri, b, bi, n);
      if (f >= 0) {
        if (out.firstDiff < 0) out.firstDiff = o + f;
        out.lastDiff = o + lastDiff(buf, ri, b, bi, n);
      }
      o += n;
    }
    return out;
  }
}
