/**
 * Finds PDUs in one direction of a reassembled stream (Wireshark's tcp_dissect_pdus): several PDUs
 * in one chunk, a PDU spanning chunks, a PDU starting mid-chunk. Whole PDUs inside one chunk are
 * dissected in place; only a PDU that spans chunks is copied. When bytes of a PDU of known length are
 * missing (a gap, a snaplen cut) the PDU is still recorded, marked truncated, and framing goes on at
 * its end; when the next PDU start is unknown it resynchronises (protocol.resync) or stops, never
 * guessing.
 */
import type { Direction } from '../tcp/types.js';
import {
  INVALID, NEED_MORE, type FramingEvent, type PduOptions, type PduProtocol, type PduRecord, type PduSink,
} from './types.js';

const FRAMING = 0, SKIPPING = 1, RESYNC = 2, LOST = 3;
const EMPTY = new Uint8Array(0);

export class PduDesegmenter<R = unknown> {
  private readonly max: number;
  private mode = FRAMING;
  /** Next stream offset expected from data() (-1 before the first chunk). */
  private end = -1;
  /** Bytes of a PDU in progress (or of a tail too short to frame), starting at stream offset accStart. */
  private acc: Uint8Array = EMPTY;
  private accLen = 0;
  private accStart = 0;
  /** Where each frame's bytes start inside acc (stream offsets), and the frames. */
  private frameStarts: number[] = [];
  private frameIds: number[] = [];
  /** Length of the PDU at accStart once known, else -1. */
  private pending = -1;
  /** A PDU whose head is kept and whose rest is skipped (too large, or bytes missing): end, head, frames, start. */
  private skipUntil = 0;
  private skipHead: Uint8Array = EMPTY;
  private skipFrames: number[] = [];
  private skipStart = 0;
  private resyncSkipped = 0;
  private lastFrame = -1;

  constructor(
    private readonly protocol: PduProtocol<R>,
    readonly stream: number,
    readonly direction: Direction,
    private readonly sink: PduSink<R>,
    options: PduOptions = {},
  ) {
    this.max = protocol.maxPduLength ?? options.maxPduLength ?? 16 * 1024 * 1024;
    if (protocol.fixedLength < 1) throw new RangeError('fixedLength must be at least 1');
  }

  /** Bytes held for PDUs in progress (a partial PDU, or the head of an oversized one). */
  bufferedBytes(): number {
    return this.accLen + this.skipHead.length;
  }

  /** In-order bytes of the direction at stream offset `offset`, from frame `frame`. */
  data(offset: number, bytes: Uint8Array, frame: number): void {
    if (this.end >= 0 && offset !== this.end) {
      if (offset > this.end) this.gap(this.end, offset - this.end);
      else {
        const cut = this.end - offset;
        if (cut >= bytes.length) return;
        bytes = bytes.subarray(cut);
        offset = this.end;
      }
    }
    this.end = offset + bytes.length;
    if (bytes.length === 0 || this.mode === LOST) return;
    this.lastFrame = frame;
    if (this.mode === SKIPPING) {
      const n = Math.min(bytes.length, this.skipUntil - offset);
      if (this.skipFrames[this.skipFrames.length - 1] !== frame) this.skipFrames.push(frame);
      if (offset + n >= this.skipUntil) this.finishSkip(frame);
      if (n === bytes.length) return;
      bytes = bytes.subarray(n);
      offset += n;
    }
    if (this.accLen === 0) {
      const used = this.parse(bytes, offset, frame, true);
      if (used < bytes.length && this.mode !== LOST && this.mode !== SKIPPING) this.stash(bytes.subarray(used), offset + used, frame);
    } else {
      this.append(bytes, offset, frame);
      const used = this.parse(this.acc.subarray(0, this.accLen), this.accStart, frame, false);
      this.consumeAcc(used);
    }
  }

  /** `length` bytes at `offset` are missing from the stream. */
  gap(offset: number, length: number): void {
    if (length <= 0) return;
    const gapEnd = offset + length;
    this.end = Math.max(this.end, gapEnd);
    if (this.mode === LOST) return;
    if (this.mode === SKIPPING) {
      if (gapEnd < this.skipUntil) return;
      const next = this.skipUntil;
      this.finishSkip(this.lastFrame);
      if (gapEnd > next) this.loseFraming(next);
      return;
    }
    if (this.mode === RESYNC) {
      this.clearAcc();
      return;
    }
    // Framing: the next PDU start is known only if the cut PDU's length was.
    const start = this.accLen > 0 ? this.accStart : offset;
    const known = this.accLen > 0 && this.pending > 0 ? start + this.pending : -1;
    if (known < 0) {
      this.clearAcc();
      this.loseFraming(start);
      return;
    }
    // Keep the head, skip the rest: the PDU is recorded truncated when its end is reached.
    this.skipStart = start;
    this.skipUntil = known;
    this.skipHead = this.acc.slice(0, Math.min(this.accLen, this.max));
    this.skipFrames = this.framesOf(start, start + this.accLen);
    this.clearAcc();
    this.mode = SKIPPING;
    if (gapEnd >= known) {
      this.finishSkip(this.lastFrame);
      if (gapEnd > known) this.loseFraming(known);
    }
  }

  /** No more data: a PDU still in progress is reported as lost. */
  finish(): void {
    if (this.mode === SKIPPING) this.lost(this.skipStart, 'end');
    else if (this.mode === FRAMING && this.accLen > 0) this.lost(this.accStart, 'end');
    this.clearAcc();
    this.mode = LOST;
  }

  /**
   * Frames PDUs in w (stream offset wb). Returns bytes consumed; what is left is a partial PDU
   * (or the tail kept while resynchronising).
   */
  private parse(w: Uint8Array, wb: number, frame: number, direct: boolean): number {
    const proto = this.protocol;
    const fixed = proto.fixedLength;
    let p = 0;
    for (;;) {
      if (this.mode === RESYNC) {
        const r = proto.resync!(w, p);
        if (r < 0 || r >= w.length) {
          const keep = Math.min(w.length - p, fixed - 1);
          this.resyncSkipped += w.length - keep - p;
          return w.length - keep;
        }
        this.resyncSkipped += r - p;
        p = r;
        this.mode = FRAMING;
        this.event({ kind: 'resynced', offset: wb + p, skipped: this.resyncSkipped });
        this.resyncSkipped = 0;
      }
      if (this.mode !== FRAMING) return w.length;
      const avail = w.length - p;
      if (avail < fixed) return p;
      let len = this.pending;
      if (len < 0) len = proto.pduLength(w, p);
      if (len === NEED_MORE) {
        if (avail <= this.max) return p;
        len = INVALID;
      }
      if (len <= 0) {
        this.pending = -1;
        if (this.invalid(wb + p, len === NEED_MORE ? 'too-large' : 'invalid')) { p++; continue; }
        return w.length;
      }
      if (len > this.max) {
        if (avail < this.max) { this.pending = len; return p; }
        this.pending = -1;
        this.skipStart = wb + p;
        this.skipHead = w.slice(p, p + this.max);
        this.skipFrames = direct ? [frame] : this.framesOf(wb + p, wb + w.length);
        if (avail >= len) {
          this.skipUntil = wb + p + len;
          this.finishSkip(frame);
          p += len;
          continue;
        }
        this.mode = SKIPPING;
        this.skipUntil = wb + p + len;
        return w.length;
      }
      if (avail < len) { this.pending = len; return p; }
      this.pending = -1;
      const rec: PduRecord = {
        protocol: proto.name, stream: this.stream, direction: this.direction, offset: wb + p, length: len,
        frames: direct ? [frame] : this.framesOf(wb + p, wb + p + len), reassembledIn: frame, truncated: false,
      };
      this.sink.pdu(rec, proto.dissect(w.subarray(p, p + len), rec));
      p += len;
    }
  }

  /** Handles an unusable length at stream offset `at`; true when the caller should resync from at+1. */
  private invalid(at: number, reason: 'invalid' | 'too-large'): boolean {
    this.lost(at, reason);
    if (this.protocol.resync) {
      this.mode = RESYNC;
      return true;
    }
    this.mode = LOST;
    return false;
  }

  private loseFraming(at: number): void {
    this.lost(at, 'gap');
    this.mode = this.protocol.resync ? RESYNC : LOST;
    this.resyncSkipped = 0;
  }

  private finishSkip(frame: number): void {
    const rec: PduRecord = {
      protocol: this.protocol.name, stream: this.stream, direction: this.direction, offset: this.skipStart,
      length: this.skipUntil - this.skipStart, frames: this.skipFrames, reassembledIn: frame, truncated: true,
    };
    this.sink.pdu(rec, this.protocol.dissect(this.skipHead, rec));
    this.skipHead = EMPTY;
    this.skipFrames = [];
    this.mode = FRAMING;
  }

  /** Frames whose bytes in acc overlap stream range [s, e). */
  private framesOf(s: number, e: number): number[] {
    const out: number[] = [];
    const starts = this.frameStarts, ids = this.frameIds;
    for (let i = 0; i < starts.length; i++) {
      const fs = starts[i], fe = i + 1 < starts.length ? starts[i + 1] : this.accStart + this.accLen;
      if (fe <= s || fe === fs) continue;
      if (fs >= e) break;
      if (out[out.length - 1] !== ids[i]) out.push(ids[i]);
    }
    return out;
  }

  private stash(b: Uint8Array, at: number, frame: number): void {
    this.ensure(b.length);
    this.acc.set(b, 0);
    this.accLen = b.length;
    this.accStart = at;
    this.frameStarts = [at];
    this.frameIds = [frame];
  }

  private append(b: Uint8Array, at: number, frame: number): void {
    this.ensure(this.accLen + b.length);
    this.acc.set(b, this.accLen);
    this.frameStarts.push(at);
    this.frameIds.push(frame);
    this.accLen += b.length;
  }

  private ensure(n: number): void {
    if (this.acc.length >= n) return;
    let cap = Math.max(256, this.acc.length * 2);
    while (cap < n) cap *= 2;
    if (this.pending > 0 && this.pending >= n && this.pending <= this.max) cap = Math.max(n, Math.min(cap, this.pending));
    const next = new Uint8Array(cap);
    next.set(this.acc.subarray(0, this.accLen), 0);
    this.acc = next;
  }

  /** Drops the first `used` bytes of acc. */
  private consumeAcc(used: number): void {
    if (used <= 0) return;
    if (used >= this.accLen) {
      this.clearAcc();
      return;
    }
    this.acc.copyWithin(0, used, this.accLen);
    this.accLen -= used;
    this.accStart += used;
    let k = 0;
    while (k + 1 < this.frameStarts.length && this.frameStarts[k + 1] <= this.accStart) k++;
    if (k > 0) {
      this.frameStarts = this.frameStarts.slice(k);
      this.frameIds = this.frameIds.slice(k);
    }
    this.frameStarts[0] = this.accStart;
    // A long-lived small tail should not pin a large buffer.
    if (this.acc.length > 65536 && this.accLen * 4 < this.acc.length) this.acc = this.acc.slice(0, Math.max(256, this.accLen));
  }

  private clearAcc(): void {
    this.accLen = 0;
    this.pending = -1;
    this.frameStarts = [];
    this.frameIds = [];
    if (this.acc.length > 65536) this.acc = EMPTY;
  }

  private lost(offset: number, reason: NonNullable<FramingEvent['reason']>): void {
    this.event({ kind: 'lost', offset, reason });
  }

  private event(e: Omit<FramingEvent, 'stream' | 'direction'>): void {
    this.sink.framing?.({ stream: this.stream, direction: this.direction, ...e });
  }
}
