import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { MAC_A, MAC_B, cat, eth, ipv4, mac, tcp, u16, udp } from '../test-frames.js';
import type { DetailNode } from '../types.js';

const ctx = (d: Uint8Array, origLen = d.length) => ({ number: 1, linkType: 1, tsNs: 0n, capLen: d.length, origLen, interfaceId: 0 });

function find(nodes: DetailNode[], field: string): DetailNode | undefined {
  for (const n of nodes) {
    if (n.field === field) return n;
    const c = n.children && find(n.children, field);
    if (c) return c;
  }
  return undefined;
}

describe('Ethernet II', () => {
  it('addresses, type and the IP layer above', () => {
    const f = eth(0x0800, ipv4({ proto: 17 }, udp(1234, 5678, [1, 2, 3])));
    const s = summarizeFrame(1, f, f.length);
    expect(s.ethDst).toBe(MAC_B);
    expect(s.ethSrc).toBe(MAC_A);
    expect(s.protocols).toBe('eth:ethertype:ip:udp:data');
    expect(s.ipSrc).toBe('10.0.0.1');
    expect(s.malformed).toBeUndefined();
  });

  it('unknown EtherType: Wireshark shows the number as the protocol', () => {
    const f = eth(0x0c0d, [1, 2]);
    const s = summarizeFrame(1, f, f.length);
    expect(s.protocol).toBe('0x0c0d');
    expect(s.info).toBe('Ethernet II');
    expect(s.protocols).toBe('eth:ethertype:data');
  });

  it('known but undecoded EtherTypes get their name', () => {
    const s = summarizeFrame(1, eth(0x88cc, [0, 0]), 16);
    expect(s.protocol).toBe('LLDP');
  });

  it('frames shorter than the header are flagged, not thrown', () => {
    const s = summarizeFrame(1, Uint8Array.from([1, 2, 3]), 3);
    expect(s.malformed).toBeDefined();
    expect(s.ethSrc).toBeUndefined();
    expect(s.info).toContain('[Malformed Packet]');
    const snapped = summarizeFrame(1, Uint8Array.from([1, 2, 3]), 60);
    expect(snapped.info).toContain('[Packet size limited during capture]');
  });

  it('IEEE 802.3 length + LLC', () => {
    const llc = [0x42, 0x42, 0x03, 0, 0, 0];
    const f = cat(mac(MAC_B), mac(MAC_A), u16(llc.length), llc, new Array(40).fill(0));
    const s = summarizeFrame(1, f, f.length);
    expect(s.protocol).toBe('LLC');
    expect(s.info).toBe('U, func=UI; DSAP 0x42 Individual, SSAP 0x42 Command');
    expect(s.protocols).toBe('eth:llc:data');
    const tree = dissectFrame(f, ctx(f));
    expect(tree[1].label).toBe(`IEEE 802.3 Ethernet, Src: ${MAC_A}, Dst: ${MAC_B}`);
    expect(find(tree, 'eth.len')?.value).toBe('6');
    expect(find(tree, 'eth.padding')).toMatchObject({ start: 20, length: 40 });
  });

  it('SNAP with OUI 0 carries an EtherType', () => {
    const payload = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00, ...ipv4({ proto: 17 }, udp(1, 2))];
    const f = cat(mac(MAC_B), mac(MAC_A), u16(payload.length), payload);
    const s = summarizeFrame(1, f, f.length);
    expect(s.ipDst).toBe('10.0.0.2');
    expect(s.srcPort).toBe(1);
  });

  it('detail: exact byte ranges and Wireshark labels', () => {
    const f = eth(0x0800, ipv4({}, tcp({})));
    const tree = dissectFrame(f, ctx(f));
    const e = tree[1];
    expect(e).toMatchObject({ field: 'eth', start: 0, length: 14, label: `Ethernet II, Src: ${MAC_A}, Dst: ${MAC_B}` });
    expect(find(tree, 'eth.dst')).toMatchObject({ start: 0, length: 6, value: MAC_B, label: `Destination: ${MAC_B}` });
    expect(find(tree, 'eth.src')).toMatchObject({ start: 6, length: 6, value: MAC_A });
    expect(find(tree, 'eth.type')).toMatchObject({ start: 12, length: 2, value: '0x0800', label: 'Type: IPv4 (0x0800)' });
    expect(find(tree, 'eth.dst.ig')?.value).toBe('0');
  });

  it('padding after a short IP datagram is eth.padding, not IP payload', () => {
    const ip = ipv4({ proto: 17 }, udp(7, 7, [1]));
    const f = cat(eth(0x0800, ip), new Array(60 - 14 - ip.length).fill(0));
    const s = summarizeFrame(1, f, f.length);
    expect(s.l4PayloadLen).toBe(1);
    const pad = find(dissectFrame(f, ctx(f)), 'eth.padding');
    expect(pad).toMatchObject({ start: 14 + ip.length, length: 60 - 14 - ip.length });
  });
});
