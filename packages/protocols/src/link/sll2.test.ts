import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { cat, ipv4, mac, tcp, u16, u32 } from '../test-frames.js';

function sll2(proto: number, pkttype: number, payload: Uint8Array | number[]): Uint8Array {
  return cat(u16(proto), [0, 0], u32(2), u16(1), [pkttype, 6], mac('e6:42:93:9a:7c:fe'), [0, 0], payload);
}

describe('Linux cooked capture v2', () => {
  it('summary', () => {
    const f = sll2(0x0800, 4, ipv4({ src: '10.77.0.1', dst: '10.77.0.2' }, tcp({ sp: 41001, dp: 8080, flags: 0x002 })));
    const s = summarizeFrame(276, f, f.length);
    expect(s).toMatchObject({ protocols: 'sll:ethertype:ip:tcp', pktType: 4, ipSrc: '10.77.0.1', srcPort: 41001, protocol: 'TCP' });
  });

  it('detail matches Wireshark field layout', () => {
    const f = sll2(0x0800, 4, ipv4({}, tcp({})));
    const tree = dissectFrame(f, { number: 1, linkType: 276, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
    const n = tree[1];
    expect(n).toMatchObject({ label: 'Linux cooked capture v2', start: 0, length: 20 });
    const by = Object.fromEntries(n.children!.map((c) => [c.field, c]));
    expect(by['sll.etype']).toMatchObject({ start: 0, length: 2, value: '0x0800' });
    expect(by['sll.ifindex']).toMatchObject({ start: 4, length: 4, value: '2' });
    expect(by['sll.hatype']).toMatchObject({ start: 8, length: 2 });
    expect(by['sll.pkttype']).toMatchObject({ start: 10, length: 1, value: '4', label: 'Packet type: Sent by us (4)' });
    expect(by['sll.halen']).toMatchObject({ start: 11, length: 1 });
    expect(by['sll.src.eth']).toMatchObject({ start: 12, length: 6 });
  });

  it('truncated', () => {
    expect(summarizeFrame(276, new Uint8Array(19), 19).malformed).toBeDefined();
  });
});
