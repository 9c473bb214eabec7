import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../helper-client.js';
import { encodeJson, encodeMessage, MessageReader, MSG_FRAMES, MSG_STATS } from './protocol.js';

describe('helper pipe framing', () => {
  it('splits messages at any chunk boundary and keeps bigints as text', () => {
    const stream = Buffer.concat([encodeJson(MSG_STATS, { a: 1n << 60n }), encodeMessage(MSG_FRAMES, Buffer.from([1, 2, 3]))]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const got: [number, string][] = [];
      const r = new MessageReader();
      r.push(stream.subarray(0, cut), (t, p) => got.push([t, p.toString('hex')]));
      r.push(stream.subarray(cut), (t, p) => got.push([t, p.toString('hex')]));
      expect(got).toEqual([[MSG_STATS, Buffer.from('{"a":"1152921504606846976"}').toString('hex')], [MSG_FRAMES, '010203']]);
      expect(r.buffered).toBe(0);
    }
  });

  it('decodes a FRAMES batch: tags, kernel timestamps, padded records', () => {
    const tags = Buffer.alloc(8 + 2 * 8);
    tags.writeUInt16LE(1, 0);
    tags.writeUInt32LE(2, 4);
    tags.writeUInt32LE(4242, 8);
    tags[12] = 1; // exact
    const rec = (sec: number, nsec: number, data: number[]) => {
      const h = Buffer.alloc(16);
      h.writeUInt32LE(sec, 0); h.writeUInt32LE(nsec, 4); h.writeUInt32LE(data.length, 8); h.writeUInt32LE(data.length + 100, 12);
      return Buffer.concat([h, Buffer.from(data), Buffer.alloc((4 - (data.length % 4)) % 4)]);
    };
    const frames = decodeFrames(Buffer.concat([tags, rec(1700000000, 123456789, [1, 2, 3, 4, 5]), rec(1700000001, 1, [9])]));
    expect(frames.map((f) => [f.iface, f.tsNs, [...f.data], f.origLen, f.pid, f.confidence])).toEqual([
      [1, 1700000000123456789n, [1, 2, 3, 4, 5], 105, 4242, 'exact'],
      [1, 1700000001000000001n, [9], 101, 0, undefined],
    ]);
  });
});
