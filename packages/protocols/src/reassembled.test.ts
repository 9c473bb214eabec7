import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { dissectReassembledPayload } from './reassembled.js';
import { ascii, dnsMessage, dnsName, eth, frag6, ipv4, ipv6, tcp, udp } from './test-frames.js';
import type { DetailNode } from './types.js';

function values(nodes: DetailNode[], field: string, out: (string | undefined)[] = []): (string | undefined)[] {
  for (const n of nodes) {
    if (n.field === field) out.push(n.value);
    if (n.children) values(n.children, field, out);
  }
  return out;
}
const find = (nodes: DetailNode[], field: string): DetailNode | undefined => {
  for (const n of nodes) {
    if (n.field === field) return n;
    const c = n.children && find(n.children, field);
    if (c) return c;
  }
  return undefined;
};

describe('dissectReassembledPayload', () => {
  it('a TCP segment carried in IP fragments (like PcapPlusPlus frag_http_req.pcap): TCP and HTTP over the reassembled bytes', () => {
    const req = 'GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n\r\n';
    const p = tcp({ sp: 52000, dp: 80, flags: 0x018 }, ascii(req));
    const r = dissectReassembledPayload(p, 6);
    expect(r.protocols).toBe(':tcp:http');
    expect(values(r.nodes, 'tcp.len')).toEqual([String(req.length)]);
    expect(values(r.nodes, 'tcp.flags')).toEqual(['0x0018']);
    const payload = find(r.nodes, 'tcp.payload')!;
    expect([payload.start, payload.length]).toEqual([20, req.length]);
    expect(values(r.nodes, 'http.request.method')).toEqual(['GET']);
  });

  it('a UDP datagram to port 5353 is mDNS (ip6_fragments.pcap frames 7 and 20)', () => {
    const msg = dnsMessage({ id: 0, flags: 0 }, [{ name: dnsName('_smb._tcp.local'), type: 12 }]);
    const r = dissectReassembledPayload(udp(5353, 5353, msg), 17);
    expect(r.protocols).toBe(':udp:mdns');
    expect(values(r.nodes, 'udp.length')).toEqual([String(8 + msg.length)]);
    expect(values(r.nodes, 'dns.qry.name')).toEqual(['_smb._tcp.local']);
  });

  it('never throws on a cut header: the layer ends malformed', () => {
    const r = dissectReassembledPayload(Uint8Array.from([0, 80, 0]), 6);
    expect(values(r.nodes, '_ws.malformed')).toHaveLength(1);
  });
});

describe('first fragments that went into a reassembly (FrameContext.fragmentsAsData)', () => {
  const ctx = (f: Uint8Array, fragmentsAsData: boolean) => ({ number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0, fragmentsAsData });
  const req = tcp({ sp: 52000, dp: 80 }, ascii('GET / HTTP/1.1\r\n'));

  it('IPv4 (MF set, offset 0): the payload is data, not TCP', () => {
    const f = eth(0x0800, ipv4({ flags: 1 }, req));
    expect(values(dissectFrame(f, ctx(f, false)), 'tcp.srcport')).toEqual(['52000']);
    const t = dissectFrame(f, ctx(f, true));
    expect(values(t, 'tcp.srcport')).toEqual([]);
    expect(values(t, 'data.len')).toEqual([String(req.length)]);
    expect(values(t, 'ip.flags.mf')).toEqual(['1']);
  });

  it('IPv6 with a fragment header (M set, offset 0)', () => {
    const payload = [...frag6(17, 0, true, 0x2c5323), ...udp(5353, 5353, [0, 0, 0, 0])];
    const f = eth(0x86dd, ipv6({ nxt: 44 }, payload));
    expect(values(dissectFrame(f, ctx(f, false)), 'udp.srcport')).toEqual(['5353']);
    const t = dissectFrame(f, ctx(f, true));
    expect(values(t, 'udp.srcport')).toEqual([]);
    expect(values(t, 'ipv6.fraghdr.ident')).toEqual(['0x002c5323']);
    expect(values(t, 'data.len')).toEqual(['12']);
  });
});
