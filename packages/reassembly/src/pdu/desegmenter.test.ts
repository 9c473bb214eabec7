/** PDU framing over reassembled stream bytes: split headers and bodies, many per chunk, gaps, resync. */
import { describe, expect, it } from 'vitest';
import { PduDesegmenter } from './desegmenter.js';
import { INVALID, NEED_MORE, type FramingEvent, type PduProtocol, type PduRecord } from './types.js';

/** 2-byte big-endian length prefix, like DNS over TCP. */
const lengthPrefixed: PduProtocol<string> = {
  name: 'lp',
  fixedLength: 2,
  pduLength: (b, o) => 2 + ((b[o] << 8) | b[o + 1]),
  dissect: (pdu) => String.fromCharCode(...pdu.subarray(2)),
};

/** Magic 0xCAFE, then a 2-byte length of the body: resynchronises on the magic. */
const magic: PduProtocol<string> = {
  name: 'magic',
  fixedLength: 4,
  pduLength: (b, o) => (b[o] === 0xca && b[o + 1] === 0xfe ? 4 + ((b[o + 2] << 8) | b[o + 3]) : INVALID),
  dissect: (pdu) => String.fromCharCode(...pdu.subarray(4)),
  resync: (b, o) => {
    for (let i = o; i + 1 < b.length; i++) if (b[i] === 0xca && b[i + 1] === 0xfe) return i;
    return -1;
  },
};

/** Messages ending with a blank line: the length is unknown until the delimiter arrives. */
const delimited: PduProtocol<string> = {
  name: 'delim',
  fixedLength: 1,
  pduLength: (b, o) => {
    for (let i = o; i + 1 < b.length; i++) if (b[i] === 10 && b[i + 1] === 10) return i + 2 - o;
    return NEED_MORE;
  },
  dissect: (pdu) => String.fromCharCode(...pdu).trim(),
};

const lp = (s: string): number[] => [s.length >> 8, s.length & 255, ...[...s].map((c) => c.charCodeAt(0))];
const mg = (s: string): number[] => [0xca, 0xfe, s.length >> 8, s.length & 255, ...[...s].map((c) => c.charCodeAt(0))];
const text = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

function harness<R>(p: PduProtocol<R>, maxPduLength?: number) {
  const pdus: (Omit<PduRecord, 'protocol' | 'stream' | 'direction'> & { value: R })[] = [];
  const events: FramingEvent[] = [];
  const d = new PduDesegmenter(p, 3, 1, {
    pdu: (rec, value) => pdus.push({ offset: rec.offset, length: rec.length, frames: rec.frames, reassembledIn: rec.reassembledIn, truncated: rec.truncated, value }),
    framing: (e) => events.push(e),
  }, { maxPduLength });
  let off = 0;
  const feed = (bytes: number[], frame: number): void => {
    d.data(off, Uint8Array.from(bytes), frame);
    off += bytes.length;
  };
  const gap = (n: number): void => {
    d.gap(off, n);
    off += n;
  };
  return { d, pdus, events, feed, gap };
}

describe('PduDesegmenter', () => {
  it('finds several PDUs in one chunk without copying, each from that frame', () => {
    const h = harness(lengthPrefixed);
    h.feed([...lp('a'), ...lp('bc'), ...lp('def')], 5);
    expect(h.pdus).toEqual([
      { offset: 0, length: 3, frames: [5], reassembledIn: 5, truncated: false, value: 'a' },
      { offset: 3, length: 4, frames: [5], reassembledIn: 5, truncated: false, value: 'bc' },
      { offset: 7, length: 5, frames: [5], reassembledIn: 5, truncated: false, value: 'def' },
    ]);
    expect(h.d.bufferedBytes()).toBe(0);
  });

  it('joins a header split across chunks', () => {
    const h = harness(lengthPrefixed);
    const m = lp('hello');
    h.feed(m.slice(0, 1), 1);
    expect(h.pdus).toEqual([]);
    h.feed(m.slice(1), 2);
    expect(h.pdus).toEqual([{ offset: 0, length: 7, frames: [1, 2], reassembledIn: 2, truncated: false, value: 'hello' }]);
  });

  it('joins a body split across three chunks and records every frame', () => {
    const h = harness(lengthPrefixed);
    const m = lp('abcdefghij');
    h.feed(m.slice(0, 4), 10);
    h.feed(m.slice(4, 8), 11);
    h.feed(m.slice(8), 12);
    expect(h.pdus).toEqual([{ offset: 0, length: 12, frames: [10, 11, 12], reassembledIn: 12, truncated: false, value: 'abcdefghij' }]);
  });

  it('handles a PDU that starts mid-chunk and ends in the next one', () => {
    const h = harness(lengthPrefixed);
    const a = lp('first'), b = lp('second');
    h.feed([...a, ...b.slice(0, 3)], 1);
    h.feed(b.slice(3), 2);
    expect(h.pdus.map((p) => [p.value, p.offset, p.frames, p.reassembledIn])).toEqual([['first', 0, [1], 1], ['second', 7, [1, 2], 2]]);
  });

  it('frames length-unknown PDUs (NEED_MORE) across chunks', () => {
    const h = harness(delimited);
    h.feed(text('GET /a\nHost: x'), 1);
    h.feed(text('\n\nGET /b\n\nGET'), 2);
    h.feed(text(' /c\n\n'), 3);
    expect(h.pdus.map((p) => [p.value, p.offset, p.frames])).toEqual([
      ['GET /a\nHost: x', 0, [1, 2]], ['GET /b', 16, [2]], ['GET /c', 24, [2, 3]],
    ]);
  });

  it('records a PDU cut by a gap as truncated and keeps framing when its length was known', () => {
    const h = harness(lengthPrefixed);
    const a = lp('0123456789'), b = lp('next');
    h.feed(a.slice(0, 5), 1);
    h.gap(4);
    h.feed([...a.slice(9), ...b], 2);
    expect(h.events).toEqual([]);
    expect(h.pdus).toEqual([
      { offset: 0, length: 12, frames: [1, 2], reassembledIn: 2, truncated: true, value: '012' },
      { offset: 12, length: 6, frames: [2], reassembledIn: 2, truncated: false, value: 'next' },
    ]);
  });

  it('records a PDU whose tail is a snaplen cut in the frame that carried its head', () => {
    const h = harness(lengthPrefixed);
    h.feed(lp('abcdefgh').slice(0, 4), 7);
    h.gap(6);
    h.feed(lp('z'), 8);
    expect(h.pdus.map((p) => [p.value, p.reassembledIn, p.truncated])).toEqual([['ab', 7, true], ['z', 8, false]]);
  });

  it('resynchronises on magic bytes after a gap that hides the next PDU start', () => {
    const h = harness(magic);
    h.feed(mg('one'), 1);
    h.feed(mg('two').slice(0, 2), 2);
    h.gap(20);
    h.feed([1, 2, 3, ...mg('three'), ...mg('four')], 3);
    expect(h.pdus.map((p) => [p.value, p.offset])).toEqual([['one', 0], ['three', 32], ['four', 41]]);
    expect(h.events).toEqual([
      { kind: 'lost', stream: 3, direction: 1, offset: 7, reason: 'gap' },
      { kind: 'resynced', stream: 3, direction: 1, offset: 32, skipped: 3 },
    ]);
  });

  it('resynchronises after an invalid header, keeping a magic split across chunks', () => {
    const h = harness(magic);
    h.feed([0xde, 0xad, 0xbe, 0xef, 9, 0xca], 1);
    h.feed([0xfe, 0, 1, 65], 2);
    expect(h.pdus.map((p) => [p.value, p.offset, p.frames])).toEqual([['A', 5, [1, 2]]]);
    expect(h.events.map((e) => e.kind + ':' + (e.reason ?? e.skipped))).toEqual(['lost:invalid', 'resynced:4']);
  });

  it('stops framing after an unrecoverable gap when the protocol has no resync', () => {
    const h = harness(lengthPrefixed);
    h.feed(lp('ok'), 1);
    h.gap(10);
    h.feed(lp('never'), 2);
    expect(h.pdus.map((p) => p.value)).toEqual(['ok']);
    expect(h.events).toEqual([{ kind: 'lost', stream: 3, direction: 1, offset: 4, reason: 'gap' }]);
  });

  it('treats a jump in offsets as a gap', () => {
    const h = harness(lengthPrefixed);
    h.d.data(0, Uint8Array.from(lp('a')), 1);
    h.d.data(10, Uint8Array.from(lp('b')), 2);
    expect(h.pdus.map((p) => p.value)).toEqual(['a']);
    expect(h.events[0]).toMatchObject({ kind: 'lost', offset: 3 });
  });

  it('skips past PDUs over the size limit without buffering them, dissecting their head', () => {
    const h = harness(lengthPrefixed, 8);
    const big = lp('abcdefghijklmnopqrst');
    h.feed(big.slice(0, 6), 1);
    h.feed(big.slice(6, 12), 2);
    expect(h.d.bufferedBytes()).toBeLessThanOrEqual(16);
    h.feed([...big.slice(12), ...lp('x')], 3);
    expect(h.pdus).toEqual([
      { offset: 0, length: 22, frames: [1, 2, 3], reassembledIn: 3, truncated: true, value: 'abcdef' },
      { offset: 22, length: 3, frames: [3], reassembledIn: 3, truncated: false, value: 'x' },
    ]);
  });

  it('reports a PDU still incomplete at the end', () => {
    const h = harness(lengthPrefixed);
    h.feed(lp('complete'), 1);
    h.feed(lp('partial').slice(0, 4), 2);
    h.d.finish();
    expect(h.events).toEqual([{ kind: 'lost', stream: 3, direction: 1, offset: 10, reason: 'end' }]);
  });

  it('ignores bytes it has already seen (overlapping delivery)', () => {
    const h = harness(lengthPrefixed);
    const m = lp('abc');
    h.d.data(0, Uint8Array.from(m.slice(0, 3)), 1);
    h.d.data(1, Uint8Array.from(m.slice(1)), 2);
    expect(h.pdus.map((p) => [p.value, p.frames])).toEqual([['abc', [1, 2]]]);
  });
});
