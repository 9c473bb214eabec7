/**
 * The fragments of one datagram. Arrivals are kept as-is; the payload is built once, when the
 * coverage is complete, by laying fragments down in arrival order so the first copy of every byte wins.
 */
import type { FragmentConflict } from './types.js';

interface Fragment {
  offset: number;
  data: Uint8Array;
  frame: number;
  /** Arrival index within the group (ties in offset keep arrival order). */
  seq: number;
}

/** Per-fragment bookkeeping overhead counted toward the pending-bytes limit. */
export const FRAGMENT_OVERHEAD = 64;

export class FragmentGroup {
  readonly fragments: Fragment[] = [];
  /** End offset the last fragment (MF=0) declared; -1 until seen. */
  declaredLength = -1;
  /** Accounted bytes (data + overhead). */
  cost = 0;
  readonly firstTsNs: bigint;
  firstFrame: number;
  lastFrame: number;
  inconsistentTail = false;

  constructor(tsNs: bigint, frame: number) {
    this.firstTsNs = tsNs;
    this.firstFrame = frame;
    this.lastFrame = frame;
  }

  /** Adds a copy of a fragment. `more` false declares the datagram length. */
  add(offset: number, data: Uint8Array, more: boolean, frame: number): void {
    this.fragments.push({ offset, data: data.slice(), frame, seq: this.fragments.length });
    this.cost += data.length + FRAGMENT_OVERHEAD;
    this.lastFrame = frame;
    if (!more) {
      const end = offset + data.length;
      if (this.declaredLength >= 0 && this.declaredLength !== end) this.inconsistentTail = true;
      else this.declaredLength = end;
    }
  }

  /** Distinct payload bytes received (union of fragment ranges). */
  coveredBytes(limit = Infinity): number {
    const iv = this.sortedRanges();
    let total = 0, curS = -1, curE = -1;
    for (const [s0, e0] of iv) {
      const s = Math.min(s0, limit), e = Math.min(e0, limit);
      if (s >= e) continue;
      if (s > curE) { if (curE > curS) total += curE - curS; curS = s; curE = e; } else if (e > curE) curE = e;
    }
    if (curE > curS) total += curE - curS;
    return total;
  }

  /** True once the last fragment arrived and every byte before it is present. */
  isComplete(): boolean {
    if (this.declaredLength < 0 || this.inconsistentTail) return false;
    let reach = 0;
    for (const [s, e] of this.sortedRanges()) {
      if (s > reach) return false;
      if (e > reach) reach = e;
      if (reach >= this.declaredLength) return true;
    }
    return reach >= this.declaredLength;
  }

  private sortedRanges(): [number, number][] {
    return this.fragments.map((f): [number, number] => [f.offset, f.offset + f.data.length]).sort((a, b) => a[0] - b[0]);
  }

  /** Frames in fragment-offset order, arrival order for equal offsets (tshark's ip.fragment order). */
  framesInOffsetOrder(): number[] {
    return [...this.fragments].sort((a, b) => a.offset - b.offset || a.seq - b.seq).map((f) => f.frame);
  }

  /**
   * Builds the payload first-wins. Reports overlaps, conflicting overlaps (bytes that differ from
   * the copy already laid down) and fragments that reach past the declared end.
   */
  assemble(): { payload: Uint8Array; overlap: boolean; conflicts: FragmentConflict[]; tooLong: number[] } {
    const n = this.declaredLength;
    const payload = new Uint8Array(n);
    // owner[i] = index+1 of the fragment whose byte i was kept (0 = not yet filled).
    const owner = new Uint32Array(n);
    let overlap = false;
    const conflicts: FragmentConflict[] = [];
    const tooLong: number[] = [];
    for (let k = 0; k < this.fragments.length; k++) {
      const f = this.fragments[k];
      let end = f.offset + f.data.length;
      if (end > n) { tooLong.push(f.frame); end = n; }
      let cStart = -1, cEnd = -1, cKept = 0;
      for (let i = f.offset; i < end; i++) {
        const b = f.data[i - f.offset];
        const o = owner[i];
        if (o === 0) { payload[i] = b; owner[i] = k + 1; continue; }
        overlap = true;
        if (payload[i] !== b) {
          if (cStart < 0) { cStart = i; cKept = this.fragments[o - 1].frame; }
          cEnd = i + 1;
        }
      }
      if (cStart >= 0) conflicts.push({ offset: cStart, length: cEnd - cStart, keptFrame: cKept, discardedFrame: f.frame });
    }
    return { payload, overlap, conflicts, tooLong };
  }
}
