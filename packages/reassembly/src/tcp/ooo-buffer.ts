/**
 * Out-of-order data of one direction: non-overlapping pieces sorted by stream offset. A new segment
 * only fills ranges no earlier arrival covers (first wins); where it overlaps, the bytes are compared
 * and differences reported. A piece without data marks sequence space the capture cut off (snaplen).
 */

import { firstDifference, lastDifference } from '../bytes.js';

export interface Piece {
  off: number;
  end: number;
  /** Bytes of [off, end), or null for sequence space whose bytes were not captured. */
  data: Uint8Array | null;
  frame: number;
  arrivalNs: number;
}

/** Bookkeeping cost of one piece, counted with its bytes so many tiny pieces still hit the caps. */
export const PIECE_OVERHEAD = 64;

export interface InsertResult {
  /** Bytes of the new range that earlier pieces already covered. */
  overlapped: number;
  /** Accounted bytes added (data + overhead). */
  cost: number;
}

export type ConflictReport = (offset: number, length: number, keptFrame: number) => void;

export class OutOfOrderBuffer {
  private pieces: Piece[] = [];
  private head = 0;
  /** Accounted bytes held (data + per-piece overhead). */
  cost = 0;
  private readonly result: InsertResult = { overlapped: 0, cost: 0 };

  get length(): number {
    return this.pieces.length - this.head;
  }

  first(): Piece | undefined {
    return this.pieces[this.head];
  }

  /** Removes and returns the lowest piece. */
  shift(): Piece {
    const p = this.pieces[this.head];
    this.pieces[this.head++] = undefined as unknown as Piece;
    if (this.head > 64 && this.head * 2 > this.pieces.length) {
      this.pieces = this.pieces.slice(this.head);
      this.head = 0;
    }
    this.cost -= pieceCost(p);
    return p;
  }

  /** Drops every piece at or beyond `off` (data after a reset); returns the data bytes dropped. */
  dropFrom(off: number): number {
    let dropped = 0;
    while (this.length > 0) {
      const last = this.pieces[this.pieces.length - 1];
      if (last.end <= off) break;
      if (last.off < off) {
        // Keep the part before `off`.
        const keep = off - last.off;
        this.cost -= pieceCost(last);
        dropped += last.data ? last.end - off : 0;
        last.end = off;
        if (last.data) last.data = last.data.slice(0, keep);
        this.cost += pieceCost(last);
        break;
      }
      this.pieces.pop();
      this.cost -= pieceCost(last);
      if (last.data) dropped += last.data.length;
    }
    return dropped;
  }

  /**
   * Inserts sequence range [off, end) whose captured bytes `data` cover [off, off + data.length).
   * Only uncovered parts are stored (copied); overlaps with differing bytes go to `onConflict`.
   */
  insert(off: number, end: number, data: Uint8Array, frame: number, nowNs: number, onConflict: ConflictReport): InsertResult {
    const r = this.result;
    r.overlapped = 0;
    r.cost = 0;
    const capEnd = off + data.length;
    const ps = this.pieces;
    let i = this.lowerBound(off);
    // Fast path: beyond every piece.
    if (i === ps.length) {
      this.addRange(i, off, end, off, capEnd, data, frame, nowNs);
      return r;
    }
    let cur = off;
    while (i < ps.length && ps[i].off < end) {
      const p = ps[i];
      if (p.off > cur) i += this.addRange(i, cur, p.off, off, capEnd, data, frame, nowNs);
      const os = Math.max(cur, p.off), oe = Math.min(p.end, end);
      if (oe > os) {
        r.overlapped += oe - os;
        if (p.data) this.compare(p, os, Math.min(oe, capEnd), data, off, onConflict);
      }
      cur = Math.max(cur, p.end);
      i++;
      if (cur >= end) break;
    }
    if (cur < end) this.addRange(i, cur, end, off, capEnd, data, frame, nowNs);
    return r;
  }

  private compare(p: Piece, s: number, e: number, data: Uint8Array, off: number, onConflict: ConflictReport): void {
    if (e <= s) return;
    const pd = p.data!;
    const f = firstDifference(pd, s - p.off, data, s - off, e - s);
    if (f < 0) return;
    const l = lastDifference(pd, s - p.off, data, s - off, e - s);
    onConflict(s + f, l - f + 1, p.frame);
  }

  /** Stores [a, b) of the new segment at index i (captured and uncaptured parts); returns pieces added. */
  private addRange(i: number, a: number, b: number, off: number, capEnd: number, data: Uint8Array, frame: number, nowNs: number): number {
    let added = 0;
    const cutAt = Math.min(b, Math.max(a, capEnd));
    if (cutAt > a) {
      this.put(i + added, { off: a, end: cutAt, data: data.slice(a - off, cutAt - off), frame, arrivalNs: nowNs });
      added++;
    }
    if (b > cutAt) {
      this.put(i + added, { off: cutAt, end: b, data: null, frame, arrivalNs: nowNs });
      added++;
    }
    return added;
  }

  private put(i: number, p: Piece): void {
    if (i === this.pieces.length) this.pieces.push(p);
    else this.pieces.splice(i, 0, p);
    const c = pieceCost(p);
    this.cost += c;
    this.result.cost += c;
  }

  /** First index (>= head) whose piece ends after `off`. */
  private lowerBound(off: number): number {
    let lo = this.head, hi = this.pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pieces[mid].end <= off) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function pieceCost(p: Piece): number {
  return (p.data ? p.data.length : 0) + PIECE_OVERHEAD;
}
