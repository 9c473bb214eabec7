import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import { cat, eth, ipv4, u16, udp } from './test-frames.js';
import type { DetailNode } from './types.js';

const icmp = (type: number, code: number, rest: number[]) => [type, code, 0x12, 0x34, ...rest];
const summ = (f: Uint8Array, orig = f.length) => summarizeFrame(1, f, orig);
function all(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) all(n.children, out);
  }
  return out;
}

describe('ICMP', () => {
  it('echo request / reply Info exactly as Wireshark', () => {
    const req = summ(eth(0x0800, ipv4({ proto: 1, ttl: 64 }, icmp(8, 0, [...u16(0x050c), ...u16(1), 1, 2, 3]))));
    expect(req).toMatchObject({ protocol: 'ICMP', icmpType: 8, icmpCode: 0, info: 'Echo (ping) request  id=0x050c, seq=1/256, ttl=64' });
    expect(req.protocols).toBe('eth:ethertype:ip:icmp:data');
    const rep = summ(eth(0x0800, ipv4({ proto: 1, ttl: 255 }, icmp(0, 0, [...u16(3), ...u16(0x0102)]))));
    expect(rep.info).toBe('Echo (ping) reply    id=0x0003, seq=258/513, ttl=255');
  });

  it('destination unreachable with a quoted datagram: no ports of its own', () => {
    const quoted = ipv4({ proto: 17, src: '10.0.0.2', dst: '10.0.0.1' }, udp(53, 4444));
    const s = summ(eth(0x0800, ipv4({ proto: 1 }, cat(icmp(3, 3, [0, 0, 0, 0]), quoted))));
    expect(s).toMatchObject({ info: 'Destination unreachable (Port unreachable)', icmpType: 3, icmpCode: 3, ipSrc: '10.0.0.1' });
    expect(s.srcPort).toBeUndefined();
    expect(summ(eth(0x0800, ipv4({ proto: 1 }, icmp(11, 0, [0, 0, 0, 0])))).info).toBe('Time-to-live exceeded (Time to live exceeded in transit)');
  });

  it('truncated', () => {
    const f = eth(0x0800, ipv4({ proto: 1 }, icmp(8, 0, [0, 1, 0, 1])));
    const s = summ(f.subarray(0, 36), f.length);
    expect(s.icmpType).toBe(8);
    expect(s.info).toContain('[Packet size limited during capture]');
    expect(summ(f.subarray(0, 34)).malformed).toBeDefined();
  });

  it('detail', () => {
    const f = eth(0x0800, ipv4({ proto: 1 }, icmp(8, 0, [...u16(0x050c), ...u16(1)])));
    const t = all(dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 }));
    const by = (x: string) => t.find((n) => n.field === x);
    expect(by('icmp.type')).toMatchObject({ label: 'Type: 8 (Echo (ping) request)', value: '8', start: 34, length: 1 });
    expect(by('icmp.code')).toMatchObject({ value: '0', start: 35 });
    expect(by('icmp.checksum')).toMatchObject({ value: '0x1234', start: 36, length: 2 });
    expect(by('icmp.ident')).toMatchObject({ value: '1292', start: 38, length: 2 });
    expect(by('icmp.seq')).toMatchObject({ value: '1', start: 40, length: 2 });
    expect(by('icmp.seq_le')).toMatchObject({ value: '256' });
  });
});
