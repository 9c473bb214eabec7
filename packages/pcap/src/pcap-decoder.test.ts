import { describe, expect, it } from 'vitest';
import { concat, payload, pcapHeader, pcapRecord, Bytes } from '../testing/build.js';
import { collect } from '../testing/collect.js';
import { formatFrameTimeEpoch } from './epoch-format.js';

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const MAGIC_MOD = 0xa1b2cd34;

describe('pcap: the magics', () => {
  for (const le of [true, false]) {
    const order = le ? 'LE' : 'BE';
    it(`µs ${order}: exact ns timestamps, lengths, offsets`, () => {
      const d1 = payload(60, 1);
      const d2 = payload(1514, 2);
      const file = concat(
        pcapHeader(le, MAGIC_US, 1, 262144),
        pcapRecord(le, 1_700_000_000, 123_456, d1),
        pcapRecord(le, 4_294_967_295, 999_999, d2, 2000),
      );
      const c = collect(file);
      expect(c.error).toBeUndefined();
      expect(c.parser.format).toBe('pcap');
      expect(c.interfaces).toEqual([
        { id: 0, section: 0, localId: 0, linkType: 1, snapLen: 262144, tsResolution: { base: 10, exponent: 6 }, tsOffsetSeconds: 0n, comments: [] },
      ]);
      expect(c.frames.map((f) => [f.number, f.tsNs, f.capLen, f.origLen, f.recordOffset, f.dataOffset, f.interfaceId, f.linkType, f.hasTimestamp])).toEqual([
        [1, 1_700_000_000_123_456_000n, 60, 60, 24, 40, 0, 1, true],
        [2, 4_294_967_295_999_999_000n, 1514, 2000, 100, 116, 0, 1, true],
      ]);
      expect(c.frames[0].data).toEqual(d1);
      expect(c.frames[1].data).toEqual(d2);
      expect(formatFrameTimeEpoch(c.frames[1])).toBe('4294967295.999999000');
    });

    it(`ns ${order}`, () => {
      const file = concat(pcapHeader(le, MAGIC_NS, 101), pcapRecord(le, 1_700_000_000, 999_999_999, payload(20)));
      const c = collect(file);
      expect(c.parser.format).toBe('pcap-ns');
      expect(c.interfaces[0].tsResolution).toEqual({ base: 10, exponent: 9 });
      expect(c.frames[0].tsNs).toBe(1_700_000_000_999_999_999n);
      expect(c.frames[0].linkType).toBe(101);
      expect(c.frames[0].tsRaw).toBeUndefined();
    });

    it(`modified (0xA1B2CD34) ${order}: 24-byte record header with ifindex, protocol, pkt_type`, () => {
      const d = payload(42);
      const rec = new Bytes(le).u32(10).u32(500).u32(d.length).u32(d.length).u32(-3 >>> 0).u16(0x0800).u8(4).u8(0).bytes(d).build();
      const c = collect(concat(pcapHeader(le, MAGIC_MOD, 1), rec, rec));
      expect(c.error).toBeUndefined();
      expect(c.parser.format).toBe('pcap-modified');
      expect(c.frames).toHaveLength(2);
      expect(c.frames[0]).toMatchObject({ ifIndex: -3, protocol: 0x0800, pktType: 4, tsNs: 10_000_500_000n, dataOffset: 48, capLen: 42 });
      expect(c.frames[1].recordOffset).toBe(24 + 24 + 42);
      expect(c.frames[0].data).toEqual(d);
    });
  }

  it('FCS bits in the link-type field give fcsLength in bytes', () => {
    const field = (0x04000000 | (2 << 28) | 1) >>> 0; // 2 words = 4 bytes, Ethernet
    const c = collect(concat(pcapHeader(true, MAGIC_US, field), pcapRecord(true, 1, 0, payload(64))));
    expect(c.interfaces[0].linkType).toBe(1);
    expect(c.interfaces[0].fcsLength).toBe(4);
    expect(c.frames[0].linkType).toBe(1);
  });

  it('without the FCS-present bit, the top bits are ignored', () => {
    const c = collect(concat(pcapHeader(true, MAGIC_US, ((3 << 28) | 1) >>> 0), pcapRecord(true, 1, 0, payload(64))));
    expect(c.interfaces[0].fcsLength).toBeUndefined();
    expect(c.interfaces[0].linkType).toBe(1);
  });

  it('version 1.x is refused (bad-version), 2.x accepted', () => {
    const c = collect(concat(pcapHeader(true, MAGIC_US, 1, 65535, [1, 0]), pcapRecord(true, 1, 0, payload(4))));
    expect(c.error?.code).toBe('bad-version');
    expect(c.error?.offset).toBe(0);
    expect(c.frames).toHaveLength(0);
    expect(collect(concat(pcapHeader(true, MAGIC_US, 1, 65535, [2, 2]), pcapRecord(true, 1, 0, payload(4)))).frames).toHaveLength(1);
  });

  it('a header with zero records is a valid, empty capture', () => {
    const c = collect(pcapHeader(true, MAGIC_US, 1));
    expect(c.error).toBeUndefined();
    expect(c.frames).toHaveLength(0);
    expect(c.interfaces).toHaveLength(1);
  });

  it('out-of-range fractions keep the arithmetic tsNs and wiretap\'s view for tshark-style output', () => {
    const file = concat(
      pcapHeader(true, MAGIC_NS, 1),
      pcapRecord(true, 1418145370, 1_000_000_000, payload(4)),
      pcapRecord(true, 1418145370, 0x80000000, payload(4)),
    );
    const c = collect(file);
    expect(c.frames[0].tsNs).toBe(1418145371_000_000_000n);
    expect(c.frames[0].tsRaw).toEqual({ secs: 1418145370, nsecs: 1_000_000_000 });
    expect(formatFrameTimeEpoch(c.frames[0])).toBe('1418145370.1000000000');
    expect(formatFrameTimeEpoch(c.frames[1])).toBe('-1418145370.2147483648');
    const us = collect(concat(pcapHeader(true, MAGIC_US, 1), pcapRecord(true, 5, 1_000_000, payload(4))));
    expect(us.frames[0].tsNs).toBe(6_000_000_000n);
    expect(us.frames[0].tsRaw).toEqual({ secs: 5, nsecs: 1_000_000_000 });
  });

  it('caplen up to maxCapLen is accepted, and maxCapLen is configurable', () => {
    const big = payload(262144);
    expect(collect(concat(pcapHeader(true, MAGIC_US, 1), pcapRecord(true, 1, 0, big))).frames[0].capLen).toBe(262144);
    const c = collect(concat(pcapHeader(true, MAGIC_US, 1), pcapRecord(true, 1, 0, payload(100)), pcapRecord(true, 1, 0, payload(101))), undefined, { maxCapLen: 100 });
    expect(c.frames).toHaveLength(1);
    expect(c.error).toMatchObject({ code: 'caplen-too-large', offset: 24 + 16 + 100, frame: 2 });
  });
});
