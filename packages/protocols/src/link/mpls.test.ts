import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { cat, eth, ipv4, ipv6, tcp } from '../test-frames.js';

const ctx = (d: Uint8Array) => ({ number: 1, linkType: 1, tsNs: 0n, capLen: d.length, origLen: d.length, interfaceId: 0 });
const label = (value: number, bottom: boolean, ttl = 64) => [(value >> 12) & 0xff, (value >> 4) & 0xff, ((value & 0xf) << 4) | (bottom ? 1 : 0), ttl];

describe('MPLS', () => {
  it('label stack then IPv4 / IPv6 by the first nibble', () => {
    const f = eth(0x8847, cat(label(16, false), label(32, true), ipv4({ src: '1.1.1.1' }, tcp({}))));
    expect(summarizeFrame(1, f, f.length)).toMatchObject({ protocols: 'eth:ethertype:mpls:ip:tcp', ipSrc: '1.1.1.1' });
    const g = eth(0x8847, cat(label(16, true), ipv6({}, tcp({}))));
    expect(summarizeFrame(1, g, g.length).ipVersion).toBe(6);
    const labels = dissectFrame(f, ctx(f)).find((n) => n.field === 'mpls')!.children!.filter((c) => c.field === 'mpls.label');
    expect(labels.map((l) => l.value)).toEqual(['16', '32']);
  });

  it('a stack without bottom-of-stack is bounded; non-IP payload is data', () => {
    const endless: number[] = [];
    for (let i = 0; i < 100; i++) endless.push(...label(i, false));
    const f = eth(0x8847, endless);
    expect(() => summarizeFrame(1, f, f.length)).not.toThrow();
    expect(() => dissectFrame(f, ctx(f))).not.toThrow();
    const g = eth(0x8847, cat(label(3, true), [0, 0, 0, 0]));
    expect(summarizeFrame(1, g, g.length).protocols).toBe('eth:ethertype:mpls:data');
  });
});
