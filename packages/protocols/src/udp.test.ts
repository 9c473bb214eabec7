import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import { eth, ipv4, ipv6, udp } from './test-frames.js';
import type { DetailNode } from './types.js';

const summ = (f: Uint8Array, orig = f.length) => summarizeFrame(1, f, orig);
const tree = (f: Uint8Array) => dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
function all(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) all(n.children, out);
  }
  return out;
}
const field = (nodes: DetailNode[], f: string) => all(nodes).find((n) => n.field === f);

describe('UDP', () => {
  it('Info and payload facts', () => {
    const s = summ(eth(0x0800, ipv4({ proto: 17 }, udp(53, 45678, new Uint8Array(32)))));
    expect(s).toMatchObject({ protocol: 'DNS' }); // 32 zero bytes parse as a (weird) DNS query
    const t = summ(eth(0x0800, ipv4({ proto: 17 }, udp(5000, 45678, new Uint8Array(32)))));
    expect(t).toMatchObject({ protocol: 'UDP', info: '5000 \u2192 45678 Len=32', l4PayloadLen: 32, l4PayloadOffset: 42, srcPort: 5000 });
    expect(t.protocols).toBe('eth:ethertype:ip:udp:data');
  });

  it('length < 8 is bogus', () => {
    const s = summ(eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, [], 4))));
    expect(s.info).toBe('1 \u2192 2 [BAD UDP LENGTH 4 < 8]');
    expect(s.malformed).toBeDefined();
    expect(s.srcPort).toBe(1);
  });

  it('length beyond the IP payload is bogus (unless a fragment)', () => {
    const s = summ(eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, [1, 2], 100))));
    expect(s.info).toBe('1 \u2192 2 [BAD UDP LENGTH 100 > IP PAYLOAD LENGTH]');
    expect(s.l4PayloadLen).toBe(2);
    const frag = summ(eth(0x0800, ipv4({ proto: 17, flags: 1 }, udp(1, 2, [1, 2], 100))));
    expect(frag.malformed).toBeUndefined();
    expect(frag.srcPort).toBe(1);
  });

  it('IPv6 jumbogram length 0', () => {
    const s = summ(eth(0x86dd, ipv6({ nxt: 17 }, udp(7, 8, [1, 2, 3], 0))));
    expect(s.l4PayloadLen).toBe(3);
    expect(s.malformed).toBeUndefined();
  });

  it('detail fields', () => {
    const t = tree(eth(0x0800, ipv4({ proto: 17 }, udp(45101, 5000, [1, 2, 3]))));
    expect(t.find((n) => n.field === 'udp')).toMatchObject({ label: 'User Datagram Protocol, Src Port: 45101, Dst Port: 5000', start: 34, length: 8 });
    expect(field(t, 'udp.srcport')).toMatchObject({ value: '45101', start: 34, length: 2 });
    expect(field(t, 'udp.dstport')).toMatchObject({ value: '5000', start: 36 });
    expect(field(t, 'udp.length')).toMatchObject({ value: '11', start: 38 });
    expect(field(t, 'udp.checksum')).toMatchObject({ value: '0x1111', start: 40 });
    expect(field(t, 'udp.payload')).toMatchObject({ label: 'UDP payload (3 bytes)', start: 42, length: 3 });
    expect(field(t, 'data.data')?.value).toBe('01:02:03');
  });

  it('truncated header keeps the ports when they are there', () => {
    const f = eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, [])));
    const s = summ(f.subarray(0, 38), f.length);
    expect(s.srcPort).toBe(1);
    expect(s.info).toBe('1 \u2192 2[Packet size limited during capture]');
  });
});
