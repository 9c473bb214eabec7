import { describe, expect, it } from 'vitest';
import { concat, payload } from '../testing/build.js';
import { collect } from '../testing/collect.js';
import { PcapWriter } from './pcap-writer.js';

describe('PcapWriter round trip', () => {
  const ts = [0n, 1_700_000_000_123_456_789n, 4_294_967_295_999_999_999n];
  const data = [payload(14), payload(1514, 2), payload(100, 3)];

  it('nanosecond file: exact timestamps and bytes', () => {
    const w = new PcapWriter({ nanosecond: true, linkType: 1, snapLen: 262144 });
    const file = concat(w.header(), ...ts.map((t, i) => w.packet(t, data[i], i === 2 ? 9000 : undefined)));
    const c = collect(file);
    expect(c.error).toBeUndefined();
    expect(c.parser.format).toBe('pcap-ns');
    expect(c.interfaces[0]).toMatchObject({ linkType: 1, snapLen: 262144, tsResolution: { base: 10, exponent: 9 } });
    expect(c.frames.map((f) => [f.tsNs, f.capLen, f.origLen])).toEqual([[ts[0], 14, 14], [ts[1], 1514, 1514], [ts[2], 100, 9000]]);
    c.frames.forEach((f, i) => expect(f.data).toEqual(data[i]));
  });

  it('microsecond file: timestamps truncated to µs', () => {
    const w = new PcapWriter({ nanosecond: false, linkType: 276, snapLen: 65535 });
    const c = collect(concat(w.header(), ...ts.map((t, i) => w.packet(t, data[i]))));
    expect(c.parser.format).toBe('pcap');
    expect(c.frames.map((f) => f.tsNs)).toEqual([0n, 1_700_000_000_123_456_000n, 4_294_967_295_999_999_000n]);
    expect(c.frames[0].linkType).toBe(276);
  });

  it('FCS length goes into the link-type field', () => {
    const w = new PcapWriter({ nanosecond: false, linkType: 1, snapLen: 65535, fcsLength: 4 });
    const c = collect(w.header());
    expect(c.interfaces[0]).toMatchObject({ linkType: 1, fcsLength: 4 });
    expect(() => new PcapWriter({ nanosecond: false, linkType: 1, snapLen: 0, fcsLength: 3 }).header()).toThrow(RangeError);
  });

  it('refuses times pcap cannot hold', () => {
    const w = new PcapWriter({ nanosecond: true, linkType: 1, snapLen: 0 });
    expect(() => w.packet(-1n, payload(1))).toThrow(RangeError);
    expect(() => w.packet(4_294_967_296_000_000_000n, payload(1))).toThrow(RangeError);
  });
});
