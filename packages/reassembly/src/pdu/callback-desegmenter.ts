/**
 * Wireshark's TCP desegmentation driven by the dissector (packet-tcp.c desegment_tcp), for dissectors
 * that report what they need through pinfo.desegment_offset / desegment_len (Lua dissectors) rather
 * than through a PDU length function:
 * - each in-order chunk (a segment's new bytes) is handed to the dissector; returning 0 rejects it;
 * - desegment_len = N with desegment_offset = K starts a multi-segment PDU at K holding the rest of the
 *   buffer, completed once N more bytes arrived: the dissector is then called again on exactly those
 *   bytes (the PDU is never handed over before, so a decided N cannot be enlarged early);
 * - DESEGMENT_ONE_MORE_SEGMENT: the next segment is appended whole and the dissector called again;
 * - asked again on a completed PDU, with K inside its earlier bytes: the PDU is extended (N more bytes,
 *   or one more segment); with K inside the last segment's bytes: a new PDU starts there;
 * - bytes of the completing segment past the PDU are dissected as a new buffer (another PDU follows).
 * A gap drops the PDU in progress (the dissector sees the next segment afresh, as Wireshark does).
 */
import type { Direction } from '../tcp/types.js';
import type { FramingEvent, StreamFramer } from './types.js';

/** pinfo.desegment_len value asking for one more segment (Wireshark's DESEGMENT_ONE_MORE_SEGMENT). */
export const DESEGMENT_ONE_MORE_SEGMENT = 0x0fffffff;

export interface DesegmentContext {
  stream: number;
  direction: Direction;
  /** Stream offset of the buffer's first byte. */
  offset: number;
  /** The frame being processed (Wireshark's pinfo.num; the reassembled-in frame of a completed PDU). */
  frame: number;
  /** The buffer is a reassembled multi-segment PDU. */
  reassembled: boolean;
  /** Frames whose bytes lie in stream range [start, end), in order. */
  framesOf(start: number, end: number): number[];
}

export interface DesegmentResult {
  /** Bytes the dissector took (0: not this protocol; the buffer is left as data). */
  consumed: number;
  desegmentOffset: number;
  /** 0: nothing more needed; N: N more bytes; DESEGMENT_ONE_MORE_SEGMENT. */
  desegmentLen: number;
}

export interface DesegmentDissector {
  dissect(buf: Uint8Array, ctx: DesegmentContext): DesegmentResult;
}

interface Msp {
  start: number;
  nxtpdu: number;
  entire: boolean;
  buf: Uint8Array;
  len: number;
  frameStarts: number[];
  frameIds: number[];
}

export class CallbackDesegmenter implements StreamFramer {
  private msp: Msp | null = null;
  private end = -1;
  /** Frame map of the chunk being dissected directly (not a multi-segment PDU). */
  private chunkStart = 0;
  private chunkEnd = 0;
  private chunkFrame = -1;

  constructor(
    private readonly dissector: DesegmentDissector,
    readonly stream: number,
    readonly direction: Direction,
    private readonly onFraming?: (e: FramingEvent) => void,
    /** Largest multi-segment PDU buffered (default 16 MiB); a larger request is given up. */
    private readonly maxPduLength = 16 * 1024 * 1024,
  ) {}

  bufferedBytes(): number {
    return this.msp ? this.msp.len : 0;
  }

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
    let pos = 0;
    while (pos < bytes.length) {
      const at = offset + pos;
      const msp = this.msp;
      if (msp === null) {
        pos += this.direct(bytes.subarray(pos), at, frame);
        continue;
      }
      const take = msp.entire ? bytes.length - pos : Math.min(bytes.length - pos, msp.nxtpdu - at);
      this.append(msp, bytes.subarray(pos, pos + take), at, frame);
      pos += take;
      if (msp.start + msp.len < msp.nxtpdu) continue;
      // The PDU is complete: dissect it whole.
      const buf = msp.buf.subarray(0, msp.len);
      const r = this.call(buf, msp.start, frame, true, msp);
      const oldLen = msp.len - take;
      if (r.consumed !== 0 && r.desegmentLen > 0 && r.desegmentOffset <= oldLen) {
        // Wants more of the same PDU: extend it; the rest of this segment continues it.
        if (r.desegmentLen === DESEGMENT_ONE_MORE_SEGMENT) {
          msp.nxtpdu = Math.max(offset + bytes.length, msp.nxtpdu) + 1;
          msp.entire = true;
        } else {
          msp.nxtpdu = msp.start + msp.len + r.desegmentLen;
          msp.entire = false;
        }
        if (!this.fits(msp)) return;
        continue;
      }
      this.msp = null;
      if (r.consumed !== 0 && r.desegmentLen > 0) {
        // The PDU ended inside the buffer and a new one starts at desegmentOffset.
        this.startMsp(buf.subarray(r.desegmentOffset), msp.start + r.desegmentOffset, r.desegmentLen, msp, frame);
      }
    }
  }

  gap(offset: number, length: number): void {
    if (length <= 0) return;
    this.end = Math.max(this.end, offset + length);
    if (this.msp) {
      this.onFraming?.({ kind: 'lost', stream: this.stream, direction: this.direction, offset: this.msp.start, reason: 'gap' });
      this.msp = null;
    }
  }

  finish(): void {
    if (this.msp) this.onFraming?.({ kind: 'lost', stream: this.stream, direction: this.direction, offset: this.msp.start, reason: 'end' });
    this.msp = null;
  }

  /** Dissects a chunk that starts no PDU in progress; returns the bytes it used (all of them). */
  private direct(chunk: Uint8Array, at: number, frame: number): number {
    this.chunkStart = at;
    this.chunkEnd = at + chunk.length;
    this.chunkFrame = frame;
    const r = this.call(chunk, at, frame, false, null);
    if (r.consumed !== 0 && r.desegmentLen > 0 && r.desegmentOffset >= 0 && r.desegmentOffset <= chunk.length) {
      this.startMsp(chunk.subarray(r.desegmentOffset), at + r.desegmentOffset, r.desegmentLen, null, frame);
    }
    return chunk.length;
  }

  private call(buf: Uint8Array, start: number, frame: number, reassembled: boolean, msp: Msp | null): DesegmentResult {
    const ctx: DesegmentContext = {
      stream: this.stream, direction: this.direction, offset: start, frame, reassembled,
      framesOf: (s, e) => (msp ? framesIn(msp, s, e) : s < this.chunkEnd && e > this.chunkStart ? [this.chunkFrame] : []),
    };
    return this.dissector.dissect(buf, ctx);
  }

  /** A new multi-segment PDU from `head` (stream offset `at`) wanting `want` more bytes. */
  private startMsp(head: Uint8Array, at: number, want: number, from: Msp | null, frame: number): void {
    const one = want === DESEGMENT_ONE_MORE_SEGMENT;
    const msp: Msp = {
      start: at, nxtpdu: at + head.length + (one ? 1 : want), entire: one,
      buf: new Uint8Array(Math.max(256, head.length * 2)), len: 0, frameStarts: [], frameIds: [],
    };
    if (from) {
      // Keep the frames the head came from.
      for (let i = 0; i < from.frameStarts.length; i++) {
        const fs = from.frameStarts[i], fe = i + 1 < from.frameStarts.length ? from.frameStarts[i + 1] : from.start + from.len;
        if (fe <= at) continue;
        const s = Math.max(fs, at);
        this.append(msp, head.subarray(s - at, fe - at), s, from.frameIds[i]);
      }
    } else {
      this.append(msp, head, at, frame);
    }
    if (this.fits(msp)) this.msp = msp;
  }

  private fits(msp: Msp): boolean {
    if (msp.nxtpdu - msp.start <= this.maxPduLength) return true;
    this.onFraming?.({ kind: 'lost', stream: this.stream, direction: this.direction, offset: msp.start, reason: 'too-large' });
    this.msp = null;
    return false;
  }

  private append(msp: Msp, b: Uint8Array, at: number, frame: number): void {
    if (b.length === 0) return;
    if (msp.len + b.length > msp.buf.length) {
      let cap = msp.buf.length * 2;
      while (cap < msp.len + b.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(msp.buf.subarray(0, msp.len));
      msp.buf = next;
    }
    msp.buf.set(b, msp.len);
    if (msp.frameIds[msp.frameIds.length - 1] !== frame) {
      msp.frameStarts.push(at);
      msp.frameIds.push(frame);
    }
    msp.len += b.length;
  }
}

function framesIn(msp: Msp, s: number, e: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < msp.frameStarts.length; i++) {
    const fs = msp.frameStarts[i], fe = i + 1 < msp.frameStarts.length ? msp.frameStarts[i + 1] : msp.start + msp.len;
    if (fe <= s || fs >= e) continue;
    if (out[out.length - 1] !== msp.frameIds[i]) out.push(msp.frameIds[i]);
  }
  return out;
}
