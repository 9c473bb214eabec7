import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { cat, eth, ipv4, u16, udp } from '../test-frames.js';

const tag = (tci: number, inner: number) => [...u16(tci), ...u16(inner)];

describe('802.1Q / 802.1ad tags', () => {
  it('one 802.1Q tag', () => {
    const f = eth(0x8100, cat(tag(0x2064, 0x0800), ipv4({ proto: 17 }, udp(1, 2))));
    const s = summarizeFrame(1, f, f.length);
    expect(s.vlanIds).toEqual([100]);
    expect(s.protocols).toBe('eth:ethertype:vlan:ethertype:ip:udp');
    expect(s.ipSrc).toBe('10.0.0.1');
    const tree = dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
    const v = tree.find((n) => n.field === 'vlan')!;
    expect(v.label).toBe('802.1Q Virtual LAN, PRI: 1, DEI: 0, ID: 100');
    expect(v.children!.find((c) => c.field === 'vlan.id')).toMatchObject({ value: '100', start: 14, length: 2 });
  });

  it('QinQ: 802.1ad outer, 802.1Q inner, outermost first', () => {
    const f = eth(0x88a8, cat(tag(200, 0x8100), tag(2001, 0x0806), new Array(28).fill(0)));
    const s = summarizeFrame(1, f, f.length);
    expect(s.vlanIds).toEqual([200, 2001]);
    expect(s.protocols).toBe('eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:arp');
    expect(s.protocol).toBe('ARP');
  });

  it('old QinQ TPID 0x9100', () => {
    const f = eth(0x9100, cat(tag(7, 0x8100), tag(8, 0x0800), ipv4({}, [])));
    expect(summarizeFrame(1, f, f.length).vlanIds).toEqual([7, 8]);
  });

  it('truncated tag keeps the Ethernet facts', () => {
    const f = eth(0x8100, [0x00]);
    const s = summarizeFrame(1, f, f.length);
    expect(s.ethSrc).toBeDefined();
    expect(s.vlanIds).toBeUndefined();
    expect(s.malformed).toBeDefined();
  });

  it('a frame made only of tags ends without looping', () => {
    const tags: number[] = [];
    for (let i = 0; i < 400; i++) tags.push(...tag(i, 0x8100));
    const f = eth(0x8100, tags);
    const s = summarizeFrame(1, f, f.length);
    expect(s.vlanIds!.length).toBeLessThanOrEqual(64);
    expect(s.malformed).toBeDefined();
    expect(() => dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 })).not.toThrow();
  });
});
