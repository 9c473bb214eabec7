/**
 * One direction of a TCP connection: maps sequence numbers to stream offsets, delivers bytes in
 * order, buffers what arrives ahead of a hole, compares retransmitted bytes with what was kept, and
 * turns holes it must give up into gaps of known size.
 *
 * Like tshark's Follow, a direction starts at its first segment (seq + 1 for a SYN): bytes from
 * before that are unknown, so a mid-stream pickup starts at the first byte seen.
 */
import { HistoryRing, type CompareResult } from './history-ring.js';
import { OutOfOrderBuffer } from './ooo-buffer.js';
import { Analysis, TcpFlags, type CloseReason, type Direction, type GapReason } from './types.js';

/** What a half needs from its connection and reassembler. */
export interface HalfHost {
  deliver(dir: Direction, offset: number, bytes: Uint8Array, frame: number): void;
  gap(dir: Direction, offset: number, length: number, reason: GapReason, frameAfter: number): void;
  conflict(dir: Direction, offset: number, length: number, frame: number, keptFrame: number): void;
  closeHalf(dir: Direction, reason: CloseReason): void;
  /** Data bytes dropped because they came after the half closed (or were queued beyond a RST). */
  droppedAfterClose(dir: Direction, bytes: number): void;
  /** Buffered bytes changed by `delta` (for the caps). */
  buffered(dir: Direction, delta: number): void;
  /** Asks for history capacity; returns the capacity granted (may be the current one). */
  historyGrant(current: number, wanted: number): number;
}

/** Scratch result shared by all halves (single-threaded, used within one call). */
const CMP: CompareResult = { verified: 0, firstDiff: -1, lastDiff: -1 };

/** Offsets further than this from the expected one are not trusted (bogus RST sequence numbers). */
const MAX_JUMP = 1 << 30;
const MIN_HISTORY = 4096;

export class HalfStream {
  started = false;
  /** Sequence number of stream offset 0. */
  base = 0;
  /** Next expected stream offset (everything before is delivered or given up). */
  next = 0;
  sawSyn = false;
  /** Offset the FIN occupies, or -1. */
  finOffset = -1;
  closed: CloseReason | null = null;
  /** Highest stream offset the peer acknowledged (-1: none); bytes before it were sent even if not captured. */
  peerAcked = -1;
  /** Peer advertised a zero window last (for zero-window probe detection). */
  peerWindowZero = false;
  /**
   * Capture time since which data is buffered behind a hole without the stream moving forward, 0
   * when nothing is buffered. Progress resets it: a bogus far-ahead segment must not make a stream
   * that keeps flowing in order look stuck.
   */
  holeSinceNs = 0;
  buffer: OutOfOrderBuffer | null = null;
  history: HistoryRing | null = null;
  /** The last range given up as a gap (late data inside it is flagged). */
  private lastGapStart = 0;
  private lastGapEnd = 0;
  private frame = 0;
  private conflictFlag = 0;

  constructor(private readonly host: HalfHost, readonly dir: Direction, private readonly historyMax: number) {}

  /** Sequence number expected next. */
  expectedSeq(): number {
    return (this.base + this.next) >>> 0;
  }

  /** Stream offset of sequence number `seq` (nearest unwrapping around the expected position). */
  offsetOf(seq: number): number {
    return this.next + ((seq - this.base - this.next) | 0);
  }

  /** Bytes buffered out of order. */
  bufferedCost(): number {
    return this.buffer ? this.buffer.cost : 0;
  }

  /**
   * Processes one segment of this direction; returns Analysis bits for its frame.
   * `payload` holds the captured bytes, `length` the on-wire tcp.len.
   */
  segment(seq: number, flags: number, payload: Uint8Array, length: number, frame: number, nowNs: number): number {
    const syn = (flags & TcpFlags.SYN) !== 0;
    const dataSeq = syn ? (seq + 1) >>> 0 : seq;
    if (!this.started) {
      this.started = true;
      this.base = dataSeq;
      this.sawSyn = syn;
    }
    const off = this.offsetOf(dataSeq);
    const nextBefore = this.next;
    this.frame = frame;
    this.conflictFlag = 0;
    let out = 0;
    if (this.closed !== null) {
      if (length > 0 && off + length > this.next) {
        this.host.droppedAfterClose(this.dir, off + length - Math.max(off, this.next));
        out |= Analysis.AFTER_CLOSE;
      } else if (length > 0) out |= Analysis.RETRANSMISSION;
      return out;
    }
    if (length <= 1 && off === this.next - 1 && (flags & (TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST)) === 0) {
      return Analysis.KEEP_ALIVE;
    }
    if (length === 1 && off === this.next && this.peerWindowZero) out |= Analysis.ZERO_WINDOW_PROBE;
    if (length > 0) {
      // Data at or beyond a FIN already seen is not part of the stream.
      if (this.finOffset >= 0 && off + length > this.finOffset) {
        out |= Analysis.AFTER_CLOSE;
        const keep = Math.max(0, this.finOffset - off);
        this.host.droppedAfterClose(this.dir, length - keep);
        payload = payload.subarray(0, Math.min(payload.length, keep));
        length = keep;
      }
      if (length > 0) out |= this.accept(off, payload, length, frame, nowNs);
    }
    if ((flags & TcpFlags.FIN) !== 0 && this.finOffset < 0 && (out & Analysis.AFTER_CLOSE) === 0) {
      const f = off + length;
      if (f >= this.next && f - this.next < MAX_JUMP) this.finOffset = f;
    }
    if ((flags & TcpFlags.RST) !== 0) {
      this.reset(off + length);
      return out | this.conflictFlag;
    }
    if (this.next !== nextBefore && this.holeSinceNs !== 0) this.holeSinceNs = nowNs;
    if (this.finOffset >= 0 && this.next >= this.finOffset) this.close('fin');
    return out | this.conflictFlag;
  }

  /** Handles payload bytes [off, off + length) of which `data` was captured. */
  private accept(off: number, data: Uint8Array, length: number, frame: number, nowNs: number): number {
    let out = 0;
    const end = off + length;
    if (data.length < length) out |= Analysis.TRUNCATED;
    if (off < this.next) {
      out |= Analysis.RETRANSMISSION;
      if (off < this.lastGapEnd && end > this.lastGapStart) out |= Analysis.LATE;
      const oldEnd = Math.min(end, this.next);
      const capOld = Math.min(data.length, oldEnd - off);
      if (capOld > 0 && this.history !== null) this.checkHistory(off, data, capOld);
      if (end <= this.next) {
        if (this.conflictFlag === 0) out |= Analysis.DUPLICATE;
        return out;
      }
      const skip = this.next - off;
      data = data.subarray(Math.min(skip, data.length));
      off = this.next;
    }
    const buf = this.buffer;
    if (buf === null || buf.length === 0) {
      if (off === this.next) {
        this.deliverSegment(off, data, end, frame);
        return out;
      }
      if (off - this.next >= MAX_JUMP) return out; // implausible: far outside any window
      this.bufferRange(off, end, data, frame, nowNs);
      return out | Analysis.OUT_OF_ORDER;
    }
    const first = buf.first()!;
    if (off === this.next && end <= first.off) {
      // Fills (part of) the hole without touching buffered data: deliver directly, then drain.
      this.deliverSegment(off, data, end, frame);
      this.drain();
      return out | Analysis.FILLS_HOLE;
    }
    if (off - this.next >= MAX_JUMP) return out;
    const r = this.bufferRange(off, end, data, frame, nowNs);
    if (r > 0) out |= Analysis.RETRANSMISSION;
    if (off === this.next) {
      this.drain();
      return out | Analysis.FILLS_HOLE;
    }
    return out | Analysis.OUT_OF_ORDER;
  }

  /** Inserts into the out-of-order buffer; returns the bytes that overlapped earlier arrivals. */
  private bufferRange(off: number, end: number, data: Uint8Array, frame: number, nowNs: number): number {
    let buf = this.buffer;
    if (buf === null) buf = this.buffer = new OutOfOrderBuffer();
    const wasEmpty = buf.length === 0;
    const r = buf.insert(off, end, data, frame, nowNs, (o, n, kept) => {
      this.conflictFlag = Analysis.CONFLICT;
      this.host.conflict(this.dir, o, n, this.frame, kept);
    });
    if (r.cost) this.host.buffered(this.dir, r.cost);
    if (wasEmpty && buf.length > 0) this.holeSinceNs = nowNs;
    return r.overlapped;
  }

  private checkHistory(off: number, data: Uint8Array, n: number): void {
    const c = this.history!.compare(off, data, 0, n, CMP);
    if (c.firstDiff >= 0) {
      this.conflictFlag = Analysis.CONFLICT;
      this.host.conflict(this.dir, c.firstDiff, c.lastDiff - c.firstDiff + 1, this.frame, -1);
    }
  }

  /** Delivers an in-order segment's captured bytes; the uncaptured rest becomes a 'truncated' gap. */
  private deliverSegment(off: number, data: Uint8Array, end: number, frame: number): void {
    if (data.length > 0) this.emit(off, data, frame);
    const capEnd = off + data.length;
    if (capEnd < end) this.skipTo(end, 'truncated', -1);
    else this.next = end;
  }

  private emit(off: number, data: Uint8Array, frame: number): void {
    this.next = off + data.length;
    this.remember(off, data);
    this.host.deliver(this.dir, off, data, frame);
  }

  private remember(off: number, data: Uint8Array): void {
    if (this.historyMax <= 0) return;
    let h = this.history;
    if (h === null) {
      const want = Math.min(this.historyMax, Math.max(MIN_HISTORY, pow2(data.length)));
      const got = this.host.historyGrant(0, want);
      if (got <= 0) return;
      h = this.history = new HistoryRing(got, off);
    } else if (h.end - h.start + data.length > h.capacity && h.capacity < this.historyMax) {
      const got = this.host.historyGrant(h.capacity, Math.min(this.historyMax, pow2(h.end - h.start + data.length)));
      if (got > h.capacity) h.grow(got);
    }
    h.append(off, data);
  }

  /** Marks [next, to) as lost and moves on. */
  private skipTo(to: number, reason: GapReason, frameAfter: number): void {
    const len = to - this.next;
    if (len <= 0) return;
    this.lastGapStart = this.next;
    this.lastGapEnd = to;
    this.host.gap(this.dir, this.next, len, reason, frameAfter);
    this.next = to;
    this.history?.reset(to);
  }

  /** Delivers buffered pieces that are now contiguous. */
  private drain(): void {
    const buf = this.buffer;
    if (buf === null) return;
    const before = buf.cost;
    while (buf.length > 0) {
      const p = buf.first()!;
      if (p.off > this.next) break;
      buf.shift();
      if (p.end <= this.next) continue;
      if (p.data === null) this.skipTo(p.end, 'truncated', -1);
      else if (p.off < this.next) this.emit(this.next, p.data.subarray(this.next - p.off), p.frame);
      else this.emit(p.off, p.data, p.frame);
    }
    this.host.buffered(this.dir, buf.cost - before);
    if (buf.length === 0) this.holeSinceNs = 0;
    if (this.finOffset >= 0 && this.next >= this.finOffset && this.closed === null) this.close('fin');
  }

  /** Gives up the hole before the first buffered piece; returns false when nothing is buffered. */
  skipHole(reason: GapReason): boolean {
    const buf = this.buffer;
    if (buf === null || buf.length === 0) return false;
    const p = buf.first()!;
    this.skipTo(p.off, reason, p.frame);
    this.drain();
    return true;
  }

  /** Lowest buffered offset, or -1. */
  firstBufferedOffset(): number {
    const p = this.buffer?.first();
    return p ? p.off : -1;
  }

  /** Records an acknowledgment from the peer (sequence number `ack`). */
  noteAck(ack: number): void {
    const off = this.offsetOf(ack);
    if (off > this.peerAcked && off - this.next < MAX_JUMP) this.peerAcked = off;
  }

  /**
   * Gives up every hole and delivers everything buffered, then records the bytes missing before a
   * FIN, or, without one, the tail the peer acknowledged but the capture never saw.
   */
  flush(reason: GapReason): void {
    while (this.skipHole(reason));
    if (this.closed !== null) return;
    if (this.finOffset > this.next) {
      this.skipTo(this.finOffset, reason, -1);
      this.close('fin');
    } else if (this.finOffset < 0 && this.peerAcked > this.next + 1) {
      // Exactly one unit acknowledged beyond the data is taken as an uncaptured FIN, not a lost byte.
      this.skipTo(this.peerAcked, 'acked-unseen', -1);
    }
  }

  /** Gives up the holes when the stream has been stuck behind them since before `cutoffNs`. */
  expireHoles(cutoffNs: number, nowNs: number, reason: GapReason): void {
    if (this.holeSinceNs === 0 || this.holeSinceNs >= cutoffNs) return;
    while (this.skipHole(reason));
    this.holeSinceNs = 0;
    void nowNs;
  }

  /** Closes the half at once: pending data is flushed first (holes become gaps with `gapReason`). */
  forceClose(reason: CloseReason, gapReason: GapReason): void {
    if (this.closed !== null) return;
    this.flush(gapReason);
    if (this.closed === null) this.close(reason);
  }

  /** RST at stream offset `at`: data before it is kept (holes become gaps), data queued beyond is dropped. */
  private reset(at: number): void {
    const buf = this.buffer;
    if (buf !== null && buf.length > 0) {
      if (at > this.next && at - this.next < MAX_JUMP) {
        const before = buf.cost;
        this.host.droppedAfterClose(this.dir, buf.dropFrom(at));
        this.host.buffered(this.dir, buf.cost - before);
        while (this.skipHole('close'));
      } else {
        const before = buf.cost;
        this.host.droppedAfterClose(this.dir, buf.dropFrom(this.next));
        this.host.buffered(this.dir, buf.cost - before);
      }
      this.holeSinceNs = 0;
    }
    if (at > this.next && at - this.next < MAX_JUMP && this.finOffset < 0) this.skipTo(at, 'close', -1);
    if (this.closed === null) this.close('rst');
  }

  private close(reason: CloseReason): void {
    this.closed = reason;
    if (this.buffer && this.buffer.length > 0) {
      const before = this.buffer.cost;
      this.host.droppedAfterClose(this.dir, this.buffer.dropFrom(this.next));
      this.host.buffered(this.dir, this.buffer.cost - before);
    }
    this.buffer = null;
    this.holeSinceNs = 0;
    this.host.closeHalf(this.dir, reason);
  }

  /** Reopens a half closed for idle/eviction: it continues at the same offsets (a hole became a gap). */
  resume(): void {
    if (this.closed === 'idle' || this.closed === 'evicted') this.closed = null;
  }

  /** Releases the history (the connection is done). Returns the capacity freed. */
  releaseHistory(): number {
    const n = this.history ? this.history.capacity : 0;
    this.history = null;
    return n;
  }
}

function pow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
