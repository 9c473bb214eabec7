import { describe, expect, it } from 'vitest';
import { frameFlow } from './flow-key.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const ETH = '000000000000 000000000000';
// IPv4 TCP SYN 127.0.0.1:40000 -> 127.0.0.2:80
const IPV4_TCP = '4500 0028 0000 4000 4006 0000 7f000001 7f000002 9c40 0050 00000000 00000000 5002 ffff 0000 0000';
// IPv6 hop-by-hop then UDP ::1:5353 -> 2001:db8::1:53
const IPV6_HBH_UDP = '6000 0000 0010 0040 ' + '00000000000000000000000000000001' + '20010db8000000000000000000000001' +
  '1100 0000 0000 0000' + '14e9 0035 0008 0000';

describe('frameFlow', () => {
  it('reads an Ethernet IPv4 TCP SYN', () => {
    expect(frameFlow(1, hex(`${ETH} 0800 ${IPV4_TCP}`))).toEqual({
      proto: 'tcp', srcAddr: '127.0.0.1', srcPort: 40000, dstAddr: '127.0.0.2', dstPort: 80, syn: true,
    });
  });

  it('skips VLAN tags and IPv6 extension headers', () => {
    expect(frameFlow(1, hex(`${ETH} 8100 0064 86dd ${IPV6_HBH_UDP}`))).toMatchObject({
      proto: 'udp', srcAddr: '::1', srcPort: 5353, dstAddr: '2001:db8::1', dstPort: 53, syn: false,
    });
  });

  it('reads SLL2, Linux cooked and raw IP frames', () => {
    expect(frameFlow(276, hex(`0800 0000 00000001 0304 00 06 000000000000 0000 ${IPV4_TCP}`))?.dstPort).toBe(80);
    expect(frameFlow(113, hex(`0000 0304 0006 000000000000 0000 0800 ${IPV4_TCP}`))?.srcPort).toBe(40000);
    expect(frameFlow(101, hex(IPV6_HBH_UDP))?.dstAddr).toBe('2001:db8::1');
    expect(frameFlow(0, hex(`02000000 ${IPV4_TCP}`))?.proto).toBe('tcp');
  });

  it('gives nothing for non-first fragments, ARP and truncated frames', () => {
    const frag = IPV4_TCP.replace('4000 4006', '0010 4006'); // fragment offset 16
    expect(frameFlow(1, hex(`${ETH} 0800 ${frag}`))).toBeUndefined();
    expect(frameFlow(1, hex(`${ETH} 0806 0001 0800 0604 0001`))).toBeUndefined();
    expect(frameFlow(1, hex(`${ETH} 0800 4500 0028`))).toBeUndefined();
  });
});
