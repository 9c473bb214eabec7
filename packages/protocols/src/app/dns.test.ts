import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { ascii, dnsMessage, dnsName, eth, ip4, ip6, ipv4, tcp, u16, udp } from '../test-frames.js';
import type { DetailNode } from '../types.js';
import { dnsInfo, readName } from './dns.js';

const overUdp = (msg: number[], sp = 45678, dp = 53) => eth(0x0800, ipv4({ proto: 17 }, udp(sp, dp, msg)));
const summ = (f: Uint8Array, orig = f.length) => summarizeFrame(1, f, orig);
function all(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) all(n.children, out);
  }
  return out;
}
const PTR_TO_QNAME = [0xc0, 12];

describe('DNS Info column', () => {
  it('query', () => {
    const s = summ(overUdp(dnsMessage({ id: 0x1a2b, flags: 0x0100 }, [{ name: dnsName('example.com'), type: 1 }])));
    expect(s).toMatchObject({ protocol: 'DNS', info: 'Standard query 0x1a2b A example.com' });
    expect(s.protocols).toBe('eth:ethertype:ip:udp:dns');
  });

  it('response with compression, CNAME, A, AAAA, OPT', () => {
    const msg = dnsMessage({ id: 0x1a2b, flags: 0x8180 }, [{ name: dnsName('www.example.com'), type: 1 }], [
      { name: PTR_TO_QNAME, type: 5, rdata: [3, ...ascii('cdn'), 0xc0, 16] },
      { name: [0xc0, 12], type: 1, rdata: ip4('1.2.3.4') },
      { name: [0xc0, 12], type: 28, rdata: ip6('2001:db8::1') },
    ], [], [{ name: [0], type: 41, cls: 1232, ttl: 0, rdata: [] }]);
    expect(summ(overUdp(msg, 53, 45678)).info)
      .toBe('Standard query response 0x1a2b A www.example.com CNAME cdn.example.com A 1.2.3.4 AAAA 2001:db8::1 OPT');
  });

  it('rcode, MX, SOA, SRV', () => {
    const msg = dnsMessage({ id: 0xb, flags: 0x8183 }, [{ name: dnsName('nx.test'), type: 15 }], [
      { name: [0xc0, 12], type: 15, rdata: [...u16(10), ...dnsName('mx.test')] },
      { name: [0xc0, 12], type: 33, rdata: [...u16(0), ...u16(5), ...u16(5060), ...dnsName('sip.test')] },
    ], [{ name: [0xc0, 12], type: 6, rdata: [...dnsName('ns.test'), ...dnsName('host.test'), ...new Array(20).fill(0)] }]);
    expect(summ(overUdp(msg, 53, 1000)).info).toBe('Standard query response 0x000b No such name MX nx.test MX 10 mx.test SRV 0 5 5060 sip.test SOA ns.test');
  });

  it('mDNS QU/QM and cache flush', () => {
    const msg = dnsMessage({ id: 0, flags: 0x8400 }, [{ name: dnsName('host.local'), type: 255, cls: 0x8001 }],
      [{ name: [0xc0, 12], type: 1, cls: 0x8001, rdata: ip4('10.0.0.2') }]);
    const s = summ(overUdp(msg, 5353, 5353));
    expect(s).toMatchObject({ protocol: 'MDNS', info: 'Standard query response 0x0000 ANY host.local, "QU" question A, cache flush 10.0.0.2' });
    expect(s.protocols).toBe('eth:ethertype:ip:udp:mdns');
  });

  it('DNS over TCP: only a message complete in the segment', () => {
    const msg = dnsMessage({ id: 0x4319, flags: 0x0100 }, [{ name: dnsName('www.tcpdump.org'), type: 1 }]);
    const f = eth(0x0800, ipv4({}, tcp({ sp: 40000, dp: 53 }, [...u16(msg.length), ...msg])));
    expect(summ(f)).toMatchObject({ protocol: 'DNS', info: 'Standard query 0x4319 A www.tcpdump.org' });
    const partial = eth(0x0800, ipv4({}, tcp({ sp: 40000, dp: 53 }, [...u16(msg.length + 50), ...msg])));
    expect(summ(partial).protocol).toBe('TCP');
    const tree = all(dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 }));
    expect(tree.find((n) => n.field === 'dns.length')?.value).toBe(String(msg.length));
    expect(tree.find((n) => n.field === 'dns.qry.name')).toMatchObject({ value: 'www.tcpdump.org', start: 14 + 20 + 20 + 2 + 12 });
  });
});

describe('DNS safety', () => {
  it('a pointer to itself ends (malformed) instead of looping', () => {
    const msg = dnsMessage({ id: 1, flags: 0x0100 }, [{ name: [0xc0, 12], type: 1 }]);
    const s = summ(overUdp(msg));
    expect(s.info).toBe('Standard query 0x0001[Malformed Packet]');
  });

  it('two pointers pointing at each other', () => {
    const msg = [...u16(2), ...u16(0x8180), ...u16(1), ...u16(1), 0, 0, 0, 0, ...dnsName('a'), ...u16(1), ...u16(1),
      0xc0, 35, ...u16(1), ...u16(1), ...[0, 0, 0, 0], ...u16(4), 0xc0, 29, 0, 0];
    expect(() => summ(overUdp(msg))).not.toThrow();
    expect(summ(overUdp(msg)).info).toContain('[Malformed Packet]');
  });

  it('readName bounds: pointer past the end, label past the end, 255-byte limit', () => {
    const d = Uint8Array.from([0xc0, 0x50]);
    readName(d, 0, 0, d.length);
    const long = Uint8Array.from([...new Array(10).fill(0).flatMap(() => [63, ...new Array(63).fill(0x61)]), 0]);
    expect(readName(long, 0, 0, long.length).length).toBeLessThan(300);
    expect(readName(Uint8Array.from([5, 0x61]), 0, 0, 2)).toBe('<Root>');
    expect(readName(Uint8Array.from([0]), 0, 0, 1)).toBe('<Root>');
    expect(readName(Uint8Array.from([1, 0x41, 1, 0x0a, 0]), 0, 0, 5)).toBe('A.\\x0a');
  });

  it('huge record counts are bounded', () => {
    const msg = dnsMessage({ id: 3, flags: 0x8180, counts: [0xffff, 0xffff, 0xffff, 0xffff] }, [{ name: dnsName('a'), type: 1 }]);
    const s = summ(overUdp(msg, 53, 1000));
    expect(s.info.startsWith('Standard query response 0x0003 A a')).toBe(true);
    expect(s.info.endsWith('[Malformed Packet]')).toBe(true);
  });

  it('snaplen-truncated message says so', () => {
    const msg = dnsMessage({ id: 0x40d5, flags: 0x8180 }, [{ name: dnsName('big.corpus.test'), type: 16 }],
      [{ name: [0xc0, 12], type: 16, rdata: [200, ...new Array(200).fill(0x41)] }]);
    const f = overUdp(msg, 53, 1000);
    expect(summ(f.subarray(0, 100), f.length).info).toBe('Standard query response 0x40d5 TXT big.corpus.test TXT[Packet size limited during capture]');
  });

  it('too short to be DNS: stays UDP', () => {
    expect(dnsInfo(Uint8Array.from([1, 2, 3]), 0, 3, 3, 'DNS')).toBeUndefined();
    expect(summ(overUdp([1, 2, 3])).protocol).toBe('UDP');
  });
});

describe('DNS detail', () => {
  it('basic fields', () => {
    const msg = dnsMessage({ id: 0xc9bc, flags: 0x8180 }, [{ name: dnsName('web.corpus.test'), type: 1 }], [
      { name: [0xc0, 12], type: 1, ttl: 0, rdata: ip4('127.0.0.1') },
      { name: [0xc0, 12], type: 28, rdata: ip6('::1') },
    ]);
    const f = overUdp(msg, 53, 40000);
    const t = all(dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 }));
    const m = 42;
    expect(t.find((n) => n.field === 'dns')?.label).toBe('Domain Name System (response)');
    expect(t.find((n) => n.field === 'dns.id')).toMatchObject({ value: '0xc9bc', start: m, length: 2 });
    expect(t.find((n) => n.field === 'dns.flags.response')).toMatchObject({ value: '1' });
    expect(t.find((n) => n.field === 'dns.qry.name')).toMatchObject({ value: 'web.corpus.test', start: m + 12, length: 17 });
    expect(t.find((n) => n.field === 'dns.qry.type')).toMatchObject({ value: '1', label: 'Type: A (Host Address) (1)' });
    expect(t.find((n) => n.field === 'dns.resp.name')).toMatchObject({ value: 'web.corpus.test', length: 2 });
    expect(t.find((n) => n.field === 'dns.a')).toMatchObject({ value: '127.0.0.1', length: 4 });
    expect(t.find((n) => n.field === 'dns.aaaa')).toMatchObject({ value: '::1', length: 16 });
  });

  it('compression loop in the tree is a malformed line, not a hang', () => {
    const f = overUdp(dnsMessage({ id: 1, flags: 0x0100 }, [{ name: [0xc0, 12], type: 1 }]));
    const t = all(dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 }));
    expect(t.some((n) => n.field === '_ws.malformed')).toBe(true);
  });
});
