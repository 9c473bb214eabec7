import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import { cat, eth, ipv4, tcp, udp } from './test-frames.js';
import type { DetailNode } from './types.js';

const RAW = 101;
const summ = (f: Uint8Array, orig = f.length) => summarizeFrame(RAW, f, orig);
const tree = (f: Uint8Array, orig = f.length) => dissectFrame(f, { number: 1, linkType: RAW, tsNs: 0n, capLen: f.length, origLen: orig, interfaceId: 0 });
function all(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) all(n.children, out);
  }
  return out;
}
const field = (nodes: DetailNode[], f: string) => all(nodes).find((n) => n.field === f);

describe('IPv4 summary', () => {
  it('addresses, id, ttl, proto', () => {
    const s = summ(ipv4({ src: '192.168.1.10', dst: '8.8.8.8', id: 0xabcd, ttl: 63, proto: 17 }, udp(5353, 53)));
    expect(s).toMatchObject({ ipVersion: 4, ipSrc: '192.168.1.10', ipDst: '8.8.8.8', ipId: 0xabcd, ipTtl: 63, ipProto: 17 });
    expect(s.ipFragment).toBeUndefined();
  });

  it('IHL < 5: bogus header length, no addresses (as tshark)', () => {
    const s = summ(ipv4({ ihl: 4 }, tcp({})));
    expect(s.ipVersion).toBe(4);
    expect(s.ipSrc).toBeUndefined();
    expect(s.info).toBe('Bogus IP header length (16, must be at least 20)');
    expect(s.malformed).toBe(s.info);
    expect(s.protocol).toBe('IPv4');
  });

  it('total length 0 is TSO: the frame length is used', () => {
    const payload = new Uint8Array(3000);
    const s = summ(ipv4({ totalLength: 0 }, tcp({}, payload)));
    expect(s.malformed).toBeUndefined();
    expect(s.l4PayloadLen).toBe(3000);
    expect(s.srcPort).toBe(45678);
    const n = field(tree(ipv4({ totalLength: 0 }, tcp({}, payload))), 'ip.len');
    expect(n?.label).toContain('presumed to be because of "TCP segmentation offload" (TSO)');
  });

  it('total length below header length (not 0) stops before the addresses', () => {
    const s = summ(ipv4({ totalLength: 12 }, tcp({})));
    expect(s.info).toBe('Bogus IP length (12, less than header length 20)');
    expect(s.ipSrc).toBeUndefined();
    expect(s.malformed).toBeDefined();
  });

  it('total length beyond the frame: decode what is there (Wireshark notes it, continues)', () => {
    const f = ipv4({ totalLength: 500, proto: 17 }, udp(53, 1234, [1, 2, 3, 4]));
    const s = summ(f);
    expect(s.srcPort).toBe(53);
    expect(s.l4PayloadLen).toBe(4);
  });

  it('Ethernet padding is not counted as payload', () => {
    const f = cat(eth(0x0800, ipv4({}, tcp({}))), new Array(6).fill(0));
    expect(summarizeFrame(1, f, f.length).l4PayloadLen).toBe(0);
  });

  it('options are skipped', () => {
    const s = summ(ipv4({ options: [0x94, 0x04, 0, 0] }, tcp({ sp: 1, dp: 2 })));
    expect(s).toMatchObject({ srcPort: 1, dstPort: 2 });
    const n = field(tree(ipv4({ options: [0x94, 0x04, 0, 0] }, tcp({}))), 'ip.options');
    expect(n?.label).toBe('Options: (4 bytes), Router Alert');
  });

  it('first fragment: ports recorded, columns as Wireshark shows a fragment', () => {
    const s = summ(ipv4({ proto: 17, flags: 1, id: 0x6312 }, udp(42402, 42102, new Uint8Array(1472), 9409)));
    expect(s).toMatchObject({ ipFragment: true, srcPort: 42402, dstPort: 42102, protocol: 'IPv4' });
    expect(s.info).toBe('Fragmented IP protocol (proto=UDP 17, off=0, ID=6312)');
    expect(s.protocols).toBe('raw:ip:data');
    expect(s.malformed).toBeUndefined();
  });

  it('later fragment: no ports', () => {
    const s = summ(ipv4({ proto: 17, flags: 0, fragOffset: 1480, id: 0xabcd }, new Uint8Array(100)));
    expect(s).toMatchObject({ ipFragment: true, protocol: 'IPv4', info: 'Fragmented IP protocol (proto=UDP 17, off=1480, ID=abcd)' });
    expect(s.srcPort).toBeUndefined();
    expect(s.l4PayloadLen).toBeUndefined();
  });

  it('snaplen-cut frame: tcp.len still comes from the IP lengths', () => {
    const full = ipv4({}, tcp({}, new Uint8Array(1000)));
    const cut = full.subarray(0, 60);
    const s = summ(cut, full.length);
    expect(s.l4PayloadLen).toBe(1000);
    expect(s.malformed).toBeUndefined();
  });

  it('header cut by the snaplen / by a short frame', () => {
    const full = ipv4({}, tcp({}));
    const s = summ(full.subarray(0, 15), full.length);
    expect(s.ipSrc).toBeUndefined();
    expect(s.info).toBe('[Packet size limited during capture]');
    expect(summ(full.subarray(0, 15)).info).toBe('[Malformed Packet]');
  });

  it('wrong version nibble behind EtherType 0x0800', () => {
    const f = eth(0x0800, [0x65, 0, 0, 0]);
    expect(summarizeFrame(1, f, f.length).info).toBe('Bogus IPv4 version (6, must be 4)');
  });
});

describe('IPv4 detail', () => {
  it('Wireshark fields, labels and byte ranges', () => {
    const f = ipv4({ src: '10.77.0.1', dst: '10.77.0.2', id: 0xbedd, flags: 2, proto: 6, tos: 0x02 }, tcp({}));
    const t = tree(f);
    const ip = t.find((n) => n.field === 'ip')!;
    expect(ip).toMatchObject({ label: 'Internet Protocol Version 4, Src: 10.77.0.1, Dst: 10.77.0.2', start: 0, length: 20 });
    const by = (x: string) => field(t, x)!;
    expect(by('ip.version')).toMatchObject({ label: '0100 .... = Version: 4', value: '4', start: 0, length: 1 });
    expect(by('ip.hdr_len')).toMatchObject({ label: '.... 0101 = Header Length: 20 bytes (5)', value: '20' });
    expect(by('ip.dsfield')).toMatchObject({ label: 'Differentiated Services Field: 0x02 (DSCP: CS0, ECN: ECT(0))', value: '0x02', start: 1 });
    expect(by('ip.len')).toMatchObject({ value: '40', start: 2, length: 2 });
    expect(by('ip.id')).toMatchObject({ label: 'Identification: 0xbedd (48861)', value: '0xbedd', start: 4 });
    expect(by('ip.flags')).toMatchObject({ label: "010. .... = Flags: 0x2, Don't fragment", value: '0x02', start: 6, length: 1 });
    expect(by('ip.flags.df')).toMatchObject({ value: '1' });
    expect(by('ip.flags.mf')).toMatchObject({ value: '0' });
    expect(by('ip.frag_offset')).toMatchObject({ label: '...0 0000 0000 0000 = Fragment Offset: 0', start: 6, length: 2 });
    expect(by('ip.ttl')).toMatchObject({ value: '64', start: 8 });
    expect(by('ip.proto')).toMatchObject({ label: 'Protocol: TCP (6)', start: 9 });
    expect(by('ip.checksum')).toMatchObject({ value: '0xbeef', start: 10, length: 2 });
    expect(by('ip.src')).toMatchObject({ value: '10.77.0.1', start: 12, length: 4, label: 'Source Address: 10.77.0.1' });
    expect(by('ip.dst')).toMatchObject({ value: '10.77.0.2', start: 16, length: 4 });
  });

  it('fragment offset shown in bytes, stored in 8-byte units (as tshark)', () => {
    const t = tree(ipv4({ proto: 17, flags: 0, fragOffset: 1480 }, new Uint8Array(8)));
    expect(field(t, 'ip.frag_offset')).toMatchObject({ label: '...0 0000 1011 1001 = Fragment Offset: 1480', value: '185' });
    expect(t[t.length - 1].field).toBe('data');
  });

  it('truncated header ends with the packet-size-limited line', () => {
    const full = ipv4({}, tcp({}));
    const t = tree(full.subarray(0, 10), full.length);
    expect(t[t.length - 1]).toMatchObject({ field: '_ws.short', label: '[Packet size limited during capture: IPv4 truncated]' });
    expect(field(t, 'ip.len')?.value).toBe('40');
    expect(field(t, 'ip.src')).toBeUndefined();
  });
});
