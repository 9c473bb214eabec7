/**
 * Where the bytes a TCP direction delivered since its last PDU boundary are, kept only for directions
 * whose protocol can end a PDU at the end of the stream (AppPdu.endOfStream: an HTTP/1.x response
 * without Content-Length or chunking ends with the connection). When the direction ends with such a
 * PDU pending, the PDU framework reports framing lost at its start; the bytes are then read back (from
 * the evidence file, by the offsets the segments rows record) and make the PDU.
 * Only descriptors are kept (no byte copies), at most MAX_PIECES per direction.
 */
import type { AppPdu } from './app-protocols.js';

const MAX_PIECES = 65536;

export interface Piece {
  off: number;
  length: number;
  frame: number;
  /** File offset of the bytes, or -1 when they are in `blob`. */
  fileOffset: number;
  blob: Uint8Array | null;
}

export class Tail {
  start = 0;
  end = 0;
  pieces: Piece[] = [];
  private head = 0;
  /** Pieces were dropped or framing was lost: no end-of-stream PDU from this tail. */
  broken = false;
  lastFrame = -1;
  /** Frame whose FIN/RST closed the direction, or -1. */
  closedIn = -1;

  constructor(readonly proto: AppPdu) {}

  add(p: Piece): void {
    if (this.broken) return;
    if (this.head === this.pieces.length) {
      this.pieces = [];
      this.head = 0;
      this.start = this.end = p.off;
    }
    if (p.off !== this.end || this.pieces.length - this.head >= MAX_PIECES) { this.drop(); this.broken = true; return; }
    this.pieces.push(p);
    this.end = p.off + p.length;
    this.lastFrame = p.frame;
  }

  /** Forgets pieces before stream offset `to` (a PDU ended there). */
  consume(to: number): void {
    const ps = this.pieces;
    while (this.head < ps.length && ps[this.head].off + ps[this.head].length <= to) this.head++;
    if (this.head > 1024 && this.head * 2 > ps.length) {
      this.pieces = ps.slice(this.head);
      this.head = 0;
    }
    this.start = Math.max(this.start, to);
  }

  drop(): void {
    this.pieces = [];
    this.head = 0;
  }

  /** Pieces covering [from, end). */
  from(from: number): Piece[] {
    return this.pieces.slice(this.head).filter((p) => p.off + p.length > from);
  }
}

export class StreamTails {
  private readonly map = new Map<number, [Tail | null, Tail | null]>();
  /** Streams closed during the current frame: dropped before the next frame (after their framing events). */
  closing: number[] = [];

  track(stream: number, dir: 0 | 1, proto: AppPdu): void {
    let pair = this.map.get(stream);
    if (!pair) this.map.set(stream, (pair = [null, null]));
    pair[dir] ??= new Tail(proto);
  }

  data(stream: number, dir: 0 | 1, p: Piece): void {
    this.map.get(stream)?.[dir]?.add(p);
  }

  consumed(stream: number, dir: 0 | 1, to: number): void {
    this.map.get(stream)?.[dir]?.consume(to);
  }

  /** Framing resumed at `off` after a loss: keep pieces from there on again. */
  restart(stream: number, dir: 0 | 1, off: number): void {
    const t = this.map.get(stream)?.[dir];
    if (!t) return;
    t.drop();
    t.broken = false;
    t.start = t.end = off;
  }

  halfClosed(stream: number, dir: 0 | 1, frame: number): void {
    const t = this.map.get(stream)?.[dir];
    if (t && t.closedIn < 0) t.closedIn = frame;
  }

  /** Framing was lost (gap, invalid length): nothing is kept until it resynchronises. */
  lost(stream: number, dir: 0 | 1): void {
    const t = this.map.get(stream)?.[dir];
    if (!t) return;
    t.drop();
    t.broken = true;
  }

  /** Removes and returns a direction's tail. */
  take(stream: number, dir: 0 | 1): Tail | null {
    const pair = this.map.get(stream);
    const t = pair?.[dir] ?? null;
    if (pair && t) {
      pair[dir] = null;
      if (pair[0] === null && pair[1] === null) this.map.delete(stream);
    }
    return t;
  }

  closed(stream: number): void {
    if (this.map.has(stream)) this.closing.push(stream);
  }

  purgeClosed(): void {
    for (const s of this.closing) {
      this.take(s, 0);
      this.take(s, 1);
    }
    this.closing = [];
  }
}
