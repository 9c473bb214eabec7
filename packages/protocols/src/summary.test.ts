import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import type { DetailNode } from './types.js';
import { TCP_OPT, cat, dnsMessage, dnsName, eth, ext6, frag6, ipv4, ipv6, rng, tcp, udp } from './test-frames.js';

function rangesInside(nodes: DetailNode[], len: number): boolean {
  return nodes.every((n) => n.start >= 0 && n.length >= 0 && n.start + n.length <= len && (!n.children || rangesInside(n.children, len)));
}

const LINK_TYPES = [0, 1, 9, 12, 14, 101, 108, 113, 228, 229, 239, 258, 276, 147, 9999];

describe('summarizeFrame', () => {
  it('unknown and unsupported link types', () => {
    expect(summarizeFrame(147, Uint8Array.from([1, 2, 3]), 3)).toMatchObject({
      protocol: 'UNKNOWN', info: 'Unsupported link type 147 (USER0)', ipVersion: 0,
    });
    expect(summarizeFrame(147, Uint8Array.from([1, 2, 3]), 3).malformed).toBeUndefined();
    expect(summarizeFrame(258, new Uint8Array(100), 100)).toMatchObject({ protocol: 'PKTAP' });
  });

  it('empty frames for every link type', () => {
    for (const lt of LINK_TYPES) {
      const s = summarizeFrame(lt, new Uint8Array(0), 0);
      expect(typeof s.protocol).toBe('string');
      expect(typeof s.info).toBe('string');
    }
  });

  it('returns independent objects (the internal cursor is reused, results are not)', () => {
    const a = summarizeFrame(1, eth(0x0800, ipv4({ src: '1.1.1.1' }, tcp({}))), 54);
    const b = summarizeFrame(1, eth(0x0800, ipv4({ src: '2.2.2.2' }, tcp({}))), 54);
    expect(a.ipSrc).toBe('1.1.1.1');
    expect(b.ipSrc).toBe('2.2.2.2');
  });

  it('origLen smaller than the captured length is tolerated', () => {
    const f = eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, [1, 2, 3])));
    expect(summarizeFrame(1, f, 10)).toMatchObject({ srcPort: 1, l4PayloadLen: 3 });
  });
});

describe('never throws on hostile input (fuzz)', () => {
  const seeds: Uint8Array[] = [
    eth(0x0800, ipv4({}, tcp({ options: [...TCP_OPT.mss(1460), ...TCP_OPT.ts(1, 2), ...TCP_OPT.sack(1, 2)] }, [1, 2, 3]))),
    eth(0x86dd, ipv6({ nxt: 0 }, cat(ext6(44, [1, 4, 0, 0, 0, 0]), frag6(17, 0, true, 5), udp(53, 53, dnsMessage({ id: 1, flags: 0x8180 }, [{ name: dnsName('a.b'), type: 1 }]))))),
    eth(0x8100, cat([0, 5, 0x08, 0x06], new Array(28).fill(1))),
    eth(0x0800, ipv4({ proto: 1 }, [3, 3, 0, 0, 0, 0, 0, 0, ...ipv4({ proto: 17 }, udp(1, 2))])),
    eth(0x0800, ipv4({ proto: 6 }, tcp({ sp: 443, dp: 1 }, [22, 3, 1, 0, 40, 1, 0, 0, 36, 3, 3]))),
  ];
  it('random mutations of real-looking frames, every link type', () => {
    const r = rng(12345);
    let n = 0;
    for (let round = 0; round < 3000; round++) {
      const seed = seeds[round % seeds.length];
      const f = seed.slice(0, 1 + Math.floor(r() * seed.length));
      const flips = 1 + Math.floor(r() * 6);
      for (let i = 0; i < flips; i++) f[Math.floor(r() * f.length)] = Math.floor(r() * 256);
      for (const lt of [1, 101, 113, 276, 0]) {
        const orig = f.length + Math.floor(r() * 100);
        const s = summarizeFrame(lt, f, orig);
        expect(typeof s.info).toBe('string');
        expect(s.malformed === undefined || !s.malformed.startsWith('decoder error')).toBe(true);
        const t = dissectFrame(f, { number: 1, linkType: lt, tsNs: 0n, capLen: f.length, origLen: orig, interfaceId: 0 });
        expect(t[0].field).toBe('frame');
        expect(t.every((x) => !x.label.startsWith('[Dissector bug'))).toBe(true);
        expect(rangesInside(t, f.length)).toBe(true);
        n++;
      }
    }
    expect(n).toBe(15000);
  });

  it('random bytes', () => {
    const r = rng(99);
    for (let round = 0; round < 2000; round++) {
      const f = Uint8Array.from({ length: Math.floor(r() * 120) }, () => Math.floor(r() * 256));
      for (const lt of LINK_TYPES) {
        const s = summarizeFrame(lt, f, f.length);
        expect(s.malformed === undefined || !s.malformed.startsWith('decoder error')).toBe(true);
        const t = dissectFrame(f, { number: round, linkType: lt, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
        expect(t.every((x) => !x.label.startsWith('[Dissector bug'))).toBe(true);
      }
    }
  });
});

