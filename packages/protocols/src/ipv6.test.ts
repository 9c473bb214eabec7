import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import { cat, ext6, frag6, ipv6, tcp, udp, u16 } from './test-frames.js';
import type { DetailNode } from './types.js';

const RAW = 101;
const summ = (f: Uint8Array, orig = f.length) => summarizeFrame(RAW, f, orig);
const tree = (f: Uint8Array) => dissectFrame(f, { number: 1, linkType: RAW, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
function all(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) all(n.children, out);
  }
  return out;
}
const field = (nodes: DetailNode[], f: string) => all(nodes).find((n) => n.field === f);

describe('IPv6 summary', () => {
  it('addresses in RFC 5952 form, hop limit, next header', () => {
    const s = summ(ipv6({ src: '2001:db8:0:0:0:0:0:1', dst: 'fe80:0:0:0:1:0:0:1', hlim: 61, nxt: 6 }, tcp({ sp: 443, dp: 50000 })));
    expect(s).toMatchObject({ ipVersion: 6, ipSrc: '2001:db8::1', ipDst: 'fe80::1:0:0:1', ipTtl: 61, ipProto: 6, srcPort: 443 });
  });

  it('walks hop-by-hop, destination options and routing headers to the transport', () => {
    const routing = ext6(6, [0, 0, 0, 0, 0, 0]); // type 0, segments left 0
    const dst = ext6(43, [1, 4, 0, 0, 0, 0]); // PadN
    const hop = ext6(60, [5, 2, 0, 0, 1, 0]); // router alert + PadN
    const s = summ(ipv6({ nxt: 0 }, cat(hop, dst, routing, tcp({ sp: 1, dp: 2 }))));
    expect(s).toMatchObject({ ipProto: 6, srcPort: 1, dstPort: 2 });
    expect(s.protocols).toBe('raw:ipv6:ipv6.hopopts:ipv6.dstopts:ipv6.routing:tcp');
  });

  it('first fragment: ports recorded, fragment columns', () => {
    const s = summ(ipv6({ nxt: 44 }, cat(frag6(17, 0, true, 0xf21aec35), udp(53007, 9999, new Uint8Array(1000), 1461))));
    expect(s).toMatchObject({ ipFragment: true, ipId: 0xf21aec35, srcPort: 53007, dstPort: 9999, ipProto: 17, protocol: 'IPv6' });
    expect(s.info).toBe('IPv6 fragment (off=0 more=y ident=0xf21aec35 nxt=17)');
    expect(s.protocols).toBe('raw:ipv6:ipv6.fraghdr:data');
  });

  it('later fragment: no ports', () => {
    const s = summ(ipv6({ nxt: 44 }, cat(frag6(17, 1448, false, 7), new Uint8Array(20))));
    expect(s).toMatchObject({ ipFragment: true, info: 'IPv6 fragment (off=1448 more=n ident=0x00000007 nxt=17)' });
    expect(s.srcPort).toBeUndefined();
  });

  it('atomic fragment (offset 0, M=0) is decoded normally', () => {
    const s = summ(ipv6({ nxt: 44 }, cat(frag6(6, 0, false, 1), tcp({ sp: 5, dp: 6 }))));
    expect(s).toMatchObject({ ipFragment: true, srcPort: 5, protocol: 'TCP' });
  });

  it('extension header chain that never ends is cut off', () => {
    // 40 destination-options headers, each pointing to another one.
    const chain: number[] = [];
    for (let i = 0; i < 40; i++) chain.push(...ext6(60, [1, 4, 0, 0, 0, 0]));
    const s = summ(ipv6({ nxt: 60 }, chain));
    expect(s.malformed).toBeDefined();
    expect(s.srcPort).toBeUndefined();
    expect(() => tree(ipv6({ nxt: 60 }, chain))).not.toThrow();
  });

  it('extension header length past the end of the packet', () => {
    const s = summ(ipv6({ nxt: 0 }, [6, 255, 0, 0, 0, 0, 0, 0]));
    expect(s.malformed).toBeDefined();
    expect(s.info).toBe('[Malformed Packet]');
    expect(s.ipSrc).toBe('fd00::1');
  });

  it('payload length 0 (jumbogram / GSO) uses the frame length', () => {
    const s = summ(ipv6({ plen: 0 }, tcp({}, new Uint8Array(7000))));
    expect(s.l4PayloadLen).toBe(7000);
  });

  it('payload length shorter than the frame trims trailing bytes', () => {
    const f = cat(ipv6({ nxt: 17 }, udp(1, 2, [9])), [0, 0, 0, 0]);
    expect(summ(f).l4PayloadLen).toBe(1);
  });

  it('truncated fixed header', () => {
    const s = summ(ipv6({}, tcp({})).subarray(0, 30));
    expect(s.ipSrc).toBeUndefined();
    expect(s.malformed).toBeDefined();
  });
});

describe('IPv6 detail', () => {
  it('fields and ranges', () => {
    const f = ipv6({ src: 'fd77::1', dst: 'fd77::2', nxt: 44, tclass: 0, flow: 0x65c94 }, cat(frag6(17, 0, true, 0xf21aec35), udp(1, 2, [1])));
    const t = tree(f);
    expect(t[2]).toMatchObject({ field: 'ipv6', label: 'Internet Protocol Version 6, Src: fd77::1, Dst: fd77::2', start: 0 });
    expect(field(t, 'ipv6.flow')).toMatchObject({ value: '0x065c94', start: 1, length: 3, label: '.... 0110 0101 1100 1001 0100 = Flow Label: 0x65c94' });
    expect(field(t, 'ipv6.tclass')).toMatchObject({ value: '0x00000000', start: 0, length: 4 });
    expect(field(t, 'ipv6.plen')).toMatchObject({ start: 4, length: 2 });
    expect(field(t, 'ipv6.nxt')).toMatchObject({ label: 'Next Header: Fragment Header for IPv6 (44)', start: 6 });
    expect(field(t, 'ipv6.hlim')).toMatchObject({ value: '64', start: 7 });
    expect(field(t, 'ipv6.src')).toMatchObject({ value: 'fd77::1', start: 8, length: 16 });
    expect(field(t, 'ipv6.dst')).toMatchObject({ value: 'fd77::2', start: 24, length: 16 });
    expect(field(t, 'ipv6.fraghdr')).toMatchObject({ start: 40, length: 8 });
    expect(field(t, 'ipv6.fraghdr.offset')).toMatchObject({ value: '0', start: 42, length: 2 });
    expect(field(t, 'ipv6.fraghdr.more')).toMatchObject({ value: '1', label: '.... .... .... ...1 = More Fragments: Yes' });
    expect(field(t, 'ipv6.fraghdr.ident')).toMatchObject({ value: '0xf21aec35', start: 44, length: 4 });
    expect(field(t, 'udp.srcport')).toMatchObject({ start: 48 });
  });

  it('hop-by-hop option details', () => {
    const t = tree(ipv6({ nxt: 0 }, cat(ext6(58, [5, 2, ...u16(0), 1, 0]), [143, 0, 0, 0, 0, 0, 0, 0])));
    expect(field(t, 'ipv6.hopopts')).toMatchObject({ start: 40, length: 8 });
    expect(field(t, 'ipv6.opt.router_alert')).toMatchObject({ label: 'Router Alert: MLD (0)', start: 44, length: 2 });
    expect(field(t, 'icmpv6.type')?.value).toBe('143');
  });
});
