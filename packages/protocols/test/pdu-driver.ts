/**
 * Test support: drives one stream direction through @wirewho/reassembly's PduDesegmenter (the engine's
 * tcp_dissect_pdus), so the unit tests exercise this package's PduProtocols exactly as the engine will.
 * `end()` plays the engine's part for endOfStream() (until-close HTTP responses).
 */
import { PduDesegmenter, type FramingEvent } from '@wirewho/reassembly';
import type { PduProtocol } from '../src/app/pdu.js';

export interface DrivenPdu<R> {
  offset: number;
  length: number;
  frames: number[];
  reassembledIn: number;
  truncated: boolean;
  value: R;
  endOfStream?: boolean;
}

export function drive<R>(proto: PduProtocol<R>, maxPduLength?: number) {
  const pdus: DrivenPdu<R>[] = [];
  const events: FramingEvent[] = [];
  // Chunks holding the bytes since the last PDU (stream offset pendingStart on), for endOfStream().
  let pending: { offset: number; bytes: Uint8Array }[] = [];
  let pendingStart = 0;
  /** A gap since the last PDU: the pending bytes do not start a message. */
  let broken = false;
  let off = 0;
  let lastFrame = 0;
  const d = new PduDesegmenter(proto, 0, 0, {
    pdu: (rec, value) => {
      pdus.push({ offset: rec.offset, length: rec.length, frames: rec.frames, reassembledIn: rec.reassembledIn, truncated: rec.truncated, value });
      const e = rec.offset + rec.length;
      pendingStart = Math.max(pendingStart, e);
      pending = pending.filter((x) => x.offset + x.bytes.length > pendingStart);
      broken = false;
    },
    framing: (e) => events.push(e),
  }, maxPduLength !== undefined ? { maxPduLength } : {});
  return {
    pdus,
    events,
    /** In-order bytes from frame `frame`. */
    feed(bytes: Uint8Array | number[], frame = lastFrame + 1): void {
      const b = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
      if (pending.length === 0) pendingStart = off;
      pending.push({ offset: off, bytes: b.slice() });
      lastFrame = frame;
      d.data(off, b, frame);
      off += b.length;
    },
    /** Feeds `bytes` in pieces of `size` (one frame each). */
    feedSplit(bytes: Uint8Array | number[], size: number): void {
      const b = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
      for (let i = 0; i < b.length; i += size) this.feed(b.subarray(i, Math.min(b.length, i + size)));
    },
    gap(n: number): void {
      pending = [];
      broken = true;
      d.gap(off, n);
      off += n;
    },
    /** The direction ends (FIN): pending bytes go to endOfStream(), then the engine's finish(). */
    end(frame = lastFrame): void {
      if (proto.endOfStream && !broken && pending.length > 0) {
        const parts = pending.map((x) => x.bytes.subarray(Math.max(0, pendingStart - x.offset)));
        const buf = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
        parts.reduce((o, x) => (buf.set(x, o), o + x.length), 0);
        const len = proto.endOfStream(buf, 0);
        if (len > 0) {
          pdus.push({ offset: pendingStart, length: len, frames: [], reassembledIn: frame, truncated: false, value: proto.dissect(buf.subarray(0, len)), endOfStream: true });
        }
      }
      d.finish();
    },
  };
}
