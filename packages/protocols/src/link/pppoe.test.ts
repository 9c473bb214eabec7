import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { cat, eth, ipv4, u16, udp } from '../test-frames.js';

describe('PPPoE session', () => {
  it('PPP/IPv4 inside, payload length trims the frame', () => {
    const ip = ipv4({ dst: '8.8.8.8', proto: 17 }, udp(5, 53));
    const f = cat(eth(0x8864, cat([0x11, 0x00], u16(0x0001), u16(ip.length + 2), u16(0x0021), ip)), [0, 0, 0, 0]);
    const s = summarizeFrame(1, f, f.length);
    expect(s).toMatchObject({ protocols: 'eth:ethertype:pppoes:ppp:ip:udp', ipDst: '8.8.8.8', l4PayloadLen: 0 });
    const t = dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
    expect(t.find((n) => n.field === 'ppp')!.children![0]).toMatchObject({ field: 'ppp.protocol', value: '0x0021', start: 20, length: 2 });
  });

  it('non-IP PPP protocol and truncation', () => {
    const f = eth(0x8864, cat([0x11, 0x00], u16(1), u16(6), u16(0xc021), [1, 2, 3, 4]));
    expect(summarizeFrame(1, f, f.length).protocol).toBe('PPP LCP');
    expect(summarizeFrame(1, eth(0x8864, [0x11]), 15).malformed).toBeDefined();
  });
});
