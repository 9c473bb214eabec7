/** Dissector-driven desegmentation (pinfo.desegment_len/offset) with Wireshark's template dissector. */
import { describe, expect, it } from 'vitest';
import { CallbackDesegmenter, DESEGMENT_ONE_MORE_SEGMENT, type DesegmentContext, type DesegmentResult } from './callback-desegmenter.js';
import type { FramingEvent } from './types.js';

interface Found { offset: number; length: number; frames: number[]; inFrame: number; body: string }

/** "crap": 4-byte magic, 4-byte big-endian body length; Wireshark's Lua template pattern. */
function crapDissector(found: Found[], calls: { offset: number; length: number; reassembled: boolean }[]) {
  return {
    dissect(buf: Uint8Array, ctx: DesegmentContext): DesegmentResult {
      calls.push({ offset: ctx.offset, length: buf.length, reassembled: ctx.reassembled });
      let off = 0;
      while (off < buf.length) {
        const rest = buf.length - off;
        if (rest < 8) return { consumed: buf.length, desegmentOffset: off, desegmentLen: DESEGMENT_ONE_MORE_SEGMENT };
        if (String.fromCharCode(...buf.subarray(off, off + 4)) !== 'crap') return { consumed: off, desegmentOffset: 0, desegmentLen: 0 };
        const len = 8 + ((buf[off + 4] << 24) | (buf[off + 5] << 16) | (buf[off + 6] << 8) | buf[off + 7]);
        if (rest < len) return { consumed: buf.length, desegmentOffset: off, desegmentLen: len - rest };
        found.push({
          offset: ctx.offset + off, length: len, frames: ctx.framesOf(ctx.offset + off, ctx.offset + off + len), inFrame: ctx.frame,
          body: String.fromCharCode(...buf.subarray(off + 8, off + len)),
        });
        off += len;
      }
      return { consumed: off, desegmentOffset: 0, desegmentLen: 0 };
    },
  };
}

const msg = (body: string): number[] => [...'crap'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, body.length], [...body].map((c) => c.charCodeAt(0)));

function run(chunks: number[][]) {
  const found: Found[] = [];
  const calls: { offset: number; length: number; reassembled: boolean }[] = [];
  const events: FramingEvent[] = [];
  const d = new CallbackDesegmenter(crapDissector(found, calls), 0, 0, (e) => events.push(e));
  let off = 0;
  chunks.forEach((c, i) => { d.data(off, Uint8Array.from(c), i + 1); off += c.length; });
  d.finish();
  return { found, calls, events, d };
}

describe('CallbackDesegmenter', () => {
  it('finds several PDUs per segment, split headers (one more segment) and split bodies (N more bytes)', () => {
    const stream = [...msg('hello'), ...msg('world!'), ...msg('0123456789abcdef'), ...msg('x')];
    // Cuts: inside the 2nd header, inside the 3rd body, and right after the 3rd message.
    const cuts = [17, 27, 40, 55, stream.length];
    const chunks: number[][] = [];
    let p = 0;
    for (const c of cuts) { chunks.push(stream.slice(p, c)); p = c; }
    const { found, events } = run(chunks);
    expect(found.map((f) => [f.offset, f.length, f.body, f.frames, f.inFrame])).toEqual([
      [0, 13, 'hello', [1], 1],
      [13, 14, 'world!', [1, 2], 2],
      [27, 24, '0123456789abcdef', [3, 4], 4],
      [51, 9, 'x', [4, 5], 5],
    ]);
    expect(events).toEqual([]);
  });

  it('calls the dissector again on exactly the requested bytes, then on the rest of the segment', () => {
    const a = msg('abcdefghij'), b = msg('k');
    const { calls, found } = run([a.slice(0, 10), [...a.slice(10), ...b]]);
    expect(calls).toEqual([
      { offset: 0, length: 10, reassembled: false },
      { offset: 0, length: 18, reassembled: true },
      { offset: 18, length: 9, reassembled: false },
    ]);
    expect(found.map((f) => f.body)).toEqual(['abcdefghij', 'k']);
  });

  it('a header split over three one-byte segments keeps asking for one more segment', () => {
    const m = msg('zz');
    const { found } = run([[m[0]], [m[1]], [m[2]], m.slice(3)]);
    expect(found).toEqual([{ offset: 0, length: 10, frames: [1, 2, 3, 4], inFrame: 4, body: 'zz' }]);
  });

  it('a rejected buffer (no magic) is skipped; the next segment is tried afresh', () => {
    const { found, calls } = run([[1, 2, 3, 4, 5, 6, 7, 8, 9], msg('ok')]);
    expect(calls.map((c) => c.offset)).toEqual([0, 9]);
    expect(found.map((f) => [f.offset, f.body])).toEqual([[9, 'ok']]);
  });

  it('a gap drops the PDU in progress and reports lost framing', () => {
    const found: Found[] = [];
    const events: FramingEvent[] = [];
    const d = new CallbackDesegmenter(crapDissector(found, []), 7, 1, (e) => events.push(e));
    const m = msg('abcdef');
    d.data(0, Uint8Array.from(m.slice(0, 10)), 1);
    d.data(20, Uint8Array.from(msg('next')), 2);
    d.finish();
    expect(events.map((e) => [e.kind, e.offset, e.reason])).toEqual([['lost', 0, 'gap']]);
    expect(found.map((f) => [f.offset, f.body])).toEqual([[20, 'next']]);
  });

  it('an extension request on a reassembled PDU grows it (desegment_offset inside its earlier bytes)', () => {
    // A dissector that first asks for 4 bytes, then (on the reassembled buffer) for 3 more.
    const seen: number[] = [];
    const d = new CallbackDesegmenter({
      dissect(buf) {
        seen.push(buf.length);
        if (buf.length < 4) return { consumed: buf.length, desegmentOffset: 0, desegmentLen: 4 - buf.length };
        if (buf.length < 7) return { consumed: buf.length, desegmentOffset: 0, desegmentLen: 7 - buf.length };
        return { consumed: 7, desegmentOffset: 0, desegmentLen: 0 };
      },
    }, 0, 0);
    d.data(0, Uint8Array.of(1, 2), 1);
    d.data(2, Uint8Array.of(3, 4, 5), 2);
    d.data(5, Uint8Array.of(6, 7), 3);
    expect(seen).toEqual([2, 4, 7]);
  });

  it('gives up a request larger than the cap', () => {
    const events: FramingEvent[] = [];
    const d = new CallbackDesegmenter({ dissect: (b) => ({ consumed: b.length, desegmentOffset: 0, desegmentLen: 1 << 30 }) }, 0, 0, (e) => events.push(e), 1024);
    d.data(0, Uint8Array.of(1), 1);
    expect(events[0]).toMatchObject({ kind: 'lost', reason: 'too-large' });
    expect(d.bufferedBytes()).toBe(0);
  });
});
