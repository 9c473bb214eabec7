import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { cat, ipv4, ipv6, mac, tcp, u16 } from '../test-frames.js';

function sll(pkttype: number, proto: number, payload: Uint8Array | number[], hatype = 1, halen = 6): Uint8Array {
  return cat(u16(pkttype), u16(hatype), u16(halen), mac('e6:42:93:9a:7c:fe'), [0, 0], u16(proto), payload);
}

describe('Linux cooked capture v1', () => {
  it('IPv4 over SLL', () => {
    const f = sll(4, 0x0800, ipv4({}, tcp({ sp: 41001, dp: 8080 })));
    const s = summarizeFrame(113, f, f.length);
    expect(s.protocols).toBe('sll:ethertype:ip:tcp');
    expect(s.pktType).toBe(4);
    expect(s.srcPort).toBe(41001);
    expect(s.ethSrc).toBeUndefined();
  });

  it('IPv6 over SLL', () => {
    const f = sll(0, 0x86dd, ipv6({ src: 'fd77::1', dst: 'fd77::2' }, tcp({})));
    expect(summarizeFrame(113, f, f.length)).toMatchObject({ ipVersion: 6, ipSrc: 'fd77::1', ipDst: 'fd77::2', protocols: 'sll:ethertype:ipv6:tcp' });
  });

  it('detail fields and ranges', () => {
    const f = sll(4, 0x0800, ipv4({}, tcp({})));
    const tree = dissectFrame(f, { number: 1, linkType: 113, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
    const n = tree[1];
    expect(n).toMatchObject({ label: 'Linux cooked capture v1', field: 'sll', start: 0, length: 16 });
    const by = Object.fromEntries(n.children!.map((c) => [c.field, c]));
    expect(by['sll.pkttype']).toMatchObject({ label: 'Packet type: Sent by us (4)', value: '4', start: 0, length: 2 });
    expect(by['sll.hatype']).toMatchObject({ label: 'Link-layer address type: Ethernet (1)', start: 2 });
    expect(by['sll.src.eth']).toMatchObject({ value: 'e6:42:93:9a:7c:fe', start: 6, length: 6 });
    expect(by['sll.etype']).toMatchObject({ label: 'Protocol: IPv4 (0x0800)', start: 14, length: 2 });
  });

  it('oversized address length is clamped, non-EtherType protocol is data', () => {
    const f = sll(0, 0x0003, [1, 2, 3], 1, 200);
    const s = summarizeFrame(113, f, f.length);
    expect(s.protocols).toBe('sll:data');
    expect(() => dissectFrame(f, { number: 1, linkType: 113, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 })).not.toThrow();
  });

  it('truncated header', () => {
    const s = summarizeFrame(113, new Uint8Array(10), 10);
    expect(s.malformed).toBeDefined();
    expect(s.protocol).toBe('SLL');
  });
});
