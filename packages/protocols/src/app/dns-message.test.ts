/** DNS message facts and DNS-over-TCP framing (through the engine's PduDesegmenter). */
import type { PduProtocol as EnginePduProtocol } from '@wirewho/reassembly';
import { describe, expect, it } from 'vitest';
import { drive } from '../../test/pdu-driver.js';
import { ascii, cat, u16, u32 } from '../test-frames.js';
import { dnsTcpPdu, dnsTcpPduLength, dnsTcpResync, parseDnsMessage, parseDnsTcpPdu, type DnsFacts } from './dns-message.js';
import { NEED_MORE, StreamMap, fieldEntries } from './pdu.js';

// Compile-time: the protocol object fits the engine's contract as is.
const _engine: EnginePduProtocol<DnsFacts> = dnsTcpPdu;
void _engine;

const name = (n: string): number[] => [...n.split('.').filter(Boolean).flatMap((l) => [l.length, ...ascii(l)]), 0];
const header = (id: number, flags: number, qd: number, an: number, ns = 0, ar = 0): number[] => [...u16(id), ...u16(flags), ...u16(qd), ...u16(an), ...u16(ns), ...u16(ar)];
const question = (n: string, type: number): number[] => [...name(n), ...u16(type), ...u16(1)];
/** RR whose owner is a pointer to offset 12 (the question name). */
const rr = (type: number, rdata: number[], ttl = 300, owner: number[] = [0xc0, 12]): number[] => [...owner, ...u16(type), ...u16(1), ...u32(ttl), ...u16(rdata.length), ...rdata];
const tcp = (msg: number[] | Uint8Array): Uint8Array => cat(u16(msg.length), msg);

const query = (id: number, n: string, type: number): number[] => [...header(id, 0x0100, 1, 0), ...question(n, type)];

function response(): number[] {
  return [
    ...header(0xbeef, 0x8180, 1, 4, 1, 2),
    ...question('www.example.com', 1),
    ...rr(5, [3, ...ascii('cdn'), 0xc0, 16]), // CNAME cdn.example.com (pointer to "example.com")
    ...rr(1, [10, 1, 2, 3]),
    ...rr(28, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 60),
    ...rr(16, [5, ...ascii('hello'), 3, ...ascii('a\x01b')]),
    ...rr(2, name('ns1.example.com'), 3600, [0xc0, 16]),
    ...rr(12, name('host.example.com'), 10),
    ...[0, ...u16(41), ...u16(1232), ...u32(0), ...u16(0)], // OPT
  ];
}

describe('parseDnsMessage', () => {
  it('query facts; rcode and recavail only on responses, as tshark', () => {
    const f = parseDnsMessage(Uint8Array.from(query(0x1234, 'static.corpus.test', 28)));
    expect(f).toMatchObject({
      'dns.id': 0x1234, 'dns.flags.response': false, 'dns.flags.opcode': 0, 'dns.flags.truncated': false, 'dns.flags.recdesired': true,
      'dns.count.queries': 1, 'dns.count.answers': 0, 'dns.qry.name': ['static.corpus.test'], 'dns.qry.type': [28], 'dns.qry.class': [1],
    });
    expect(f['dns.flags.rcode']).toBeUndefined();
    expect(f['dns.flags.recavail']).toBeUndefined();
    expect(f['_ws.malformed']).toBeUndefined();
  });

  it('response with compression, every section and the common RR types', () => {
    const f = parseDnsMessage(Uint8Array.from(response()));
    expect(f['_ws.malformed']).toBeUndefined();
    expect(f).toMatchObject({
      'dns.id': 0xbeef, 'dns.flags.response': true, 'dns.flags.rcode': 0, 'dns.flags.recavail': true, 'dns.count.answers': 4,
      'dns.count.auth_rr': 1, 'dns.count.add_rr': 2,
      'dns.resp.name': ['www.example.com', 'www.example.com', 'www.example.com', 'www.example.com', 'example.com', 'www.example.com', '<Root>'],
      'dns.resp.type': [5, 1, 28, 16, 2, 12, 41],
      'dns.resp.ttl': [300, 300, 60, 300, 3600, 10],
      'dns.cname': ['cdn.example.com'], 'dns.a': ['10.1.2.3'], 'dns.aaaa': ['2001:db8::1'], 'dns.txt': ['hello', 'a\\x01b'],
      'dns.ns': ['ns1.example.com'], 'dns.ptr.domain_name': ['host.example.com'], 'dns.rr.udp_payload_size': 1232,
    });
  });

  it('NXDOMAIN and the TC bit', () => {
    const f = parseDnsMessage(Uint8Array.from([...header(7, 0x8383, 1, 0), ...question('nope.test', 1)]));
    expect(f['dns.flags.rcode']).toBe(3);
    expect(f['dns.flags.truncated']).toBe(true);
  });

  it('MX, SRV and SOA targets', () => {
    const msg = [
      ...header(1, 0x8180, 1, 3), ...question('example.com', 15),
      ...rr(15, [...u16(10), ...name('mx.example.com')]),
      ...rr(33, [...u16(0), ...u16(5), ...u16(443), ...name('svc.example.com')]),
      ...rr(6, [...name('ns.example.com'), ...name('admin.example.com'), ...new Array(20).fill(0)]),
    ];
    expect(parseDnsMessage(Uint8Array.from(msg))).toMatchObject({
      'dns.mx.mail_exchange': ['mx.example.com'], 'dns.srv.target': ['svc.example.com'], 'dns.soa.mname': ['ns.example.com'],
    });
  });

  it('hostile: pointer loops, forward pointers, long names, lying counts, cut records — bounded and never throwing', () => {
    const loop = [...header(1, 0x8180, 1, 0), 0xc0, 12, ...u16(1), ...u16(1)];
    expect(parseDnsMessage(Uint8Array.from(loop))['_ws.malformed']).toBeDefined();
    const twoStep = [...header(1, 0x8180, 1, 0), 0xc0, 14, 0xc0, 12, ...u16(1), ...u16(1)];
    expect(parseDnsMessage(Uint8Array.from(twoStep))['_ws.malformed']).toBeDefined();
    const beyond = [...header(1, 0x8180, 1, 0), 0xc0, 0xff, ...u16(1), ...u16(1)];
    expect(parseDnsMessage(Uint8Array.from(beyond))['_ws.malformed']).toBeDefined();
    const long = [...header(1, 0, 1, 0), ...Array.from({ length: 5 }, () => [63, ...new Array(63).fill(0x61)]).flat(), 0, ...u16(1), ...u16(1)];
    expect(parseDnsMessage(Uint8Array.from(long))['_ws.malformed']).toBeDefined();
    const ext = [...header(1, 0, 1, 0), 0x41, 0, ...u16(1), ...u16(1)];
    expect(parseDnsMessage(Uint8Array.from(ext))['_ws.malformed']).toBeDefined();
    // 65535 of everything announced, one question present.
    const lying = Uint8Array.from([...header(1, 0x8180, 0xffff, 0xffff, 0xffff, 0xffff), ...question('a.b', 1)]);
    const f = parseDnsMessage(lying);
    expect(f['dns.qry.name']).toEqual(['a.b']);
    expect(f['_ws.malformed']).toBeDefined();
    // Answers announced, RDATA length past the end.
    const cut = [...header(1, 0x8180, 1, 1), ...question('a.b', 1), 0xc0, 12, ...u16(1), ...u16(1), ...u32(1), ...u16(50), 1, 2];
    const g = parseDnsMessage(Uint8Array.from(cut));
    expect(g['dns.resp.type']).toEqual([1]);
    expect(g['dns.a']).toEqual([]);
    expect(g['_ws.malformed']).toBe('record data cut short');
    expect(parseDnsMessage(new Uint8Array(5))['_ws.malformed']).toBeDefined();
    expect(parseDnsMessage(Uint8Array.from(response()), 0, 1000)['_ws.malformed']).toBeUndefined();
  });

  it('a message of pointers to pointers stays cheap', () => {
    // 4000 questions each pointing at the previous one: every name is at most 32 hops.
    const parts: number[] = [...header(1, 0, 4000, 0), ...question('x', 1)];
    for (let i = 1; i < 4000; i++) parts.push(0xc0 | ((12 + (i - 1) * 6) >> 8), (12 + (i - 1) * 6) & 0xff, ...u16(1), ...u16(1));
    const t0 = performance.now();
    const f = parseDnsMessage(Uint8Array.from(parts));
    expect(performance.now() - t0).toBeLessThan(500);
    expect(f['dns.qry.name'].length).toBeLessThan(4000);
  });

  it('random bytes never throw', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 3000; i++) {
      const b = Uint8Array.from({ length: 12 + (rnd() % 120) }, rnd);
      if (i % 3 === 0) b[2] = 0x81;
      expect(() => parseDnsMessage(b)).not.toThrow();
      expect(() => parseDnsTcpPdu(b)).not.toThrow();
      expect(() => dnsTcpResync(b, 0)).not.toThrow();
    }
  });
});

describe('DNS over TCP framing', () => {
  const a = query(0xc650, 'web.corpus.test', 1);
  const b = response();

  it('pduLength: the 2-byte prefix', () => {
    expect(dnsTcpPduLength(Uint8Array.from([0]), 0)).toBe(NEED_MORE);
    expect(dnsTcpPduLength(tcp(a), 0)).toBe(2 + a.length);
  });

  it('several messages in one segment', () => {
    const d = drive(dnsTcpPdu);
    d.feed(cat(tcp(a), tcp(b), tcp(a)), 5);
    expect(d.pdus.map((p) => [p.value['dns.id'], p.reassembledIn, p.frames])).toEqual([[0xc650, 5, [5]], [0xbeef, 5, [5]], [0xc650, 5, [5]]]);
  });

  it('split messages, including inside the length prefix, at every split size', () => {
    const all = cat(tcp(a), tcp(b));
    for (const size of [1, 2, 3, 7, 13, 50]) {
      const d = drive(dnsTcpPdu);
      d.feedSplit(all, size);
      expect(d.pdus.map((p) => p.value['dns.id'])).toEqual([0xc650, 0xbeef]);
      expect(d.pdus[1].value['dns.a']).toEqual(['10.1.2.3']);
      expect(d.pdus[1].reassembledIn).toBe(Math.ceil(all.length / size));
    }
  });

  it('a gap inside a message: recorded truncated, framing goes on after it (length known)', () => {
    const d = drive(dnsTcpPdu);
    const m = tcp(b);
    d.feed(m.subarray(0, 20), 1);
    d.gap(10);
    d.feed(m.subarray(30), 2);
    d.feed(tcp(a), 3);
    expect(d.pdus.map((p) => [p.truncated, p.value['dns.id']])).toEqual([[true, 0xbeef], [false, 0xc650]]);
    expect(d.pdus[0].value['_ws.malformed']).toBeDefined();
  });

  it('a gap over a length prefix: resynchronises on the next plausible message', () => {
    const d = drive(dnsTcpPdu);
    d.feed(tcp(a).subarray(0, 1), 1);
    d.gap(5);
    d.feed(cat(Uint8Array.from(a).subarray(4), tcp(b), tcp(a)), 2);
    expect(d.events.map((e) => e.kind)).toEqual(['lost', 'resynced']);
    expect(d.pdus.map((p) => p.value['dns.id'])).toEqual([0xbeef, 0xc650]);
  });

  it('resync rejects garbage and accepts a message running past the buffer on its header and question', () => {
    expect(dnsTcpResync(Uint8Array.from(new Array(100).fill(0xff)), 0)).toBe(-1);
    const m = tcp(b);
    expect(dnsTcpResync(cat([1, 2, 3], m.subarray(0, 40)), 0)).toBe(3);
  });
});

describe('fieldEntries and StreamMap', () => {
  it('fieldEntries: the dotted keys only (Wireshark fields), scalars and arrays', () => {
    const f = parseDnsMessage(Uint8Array.from(query(1, 'a.b', 1)));
    const keys = fieldEntries(f).map(([k]) => k);
    expect(keys).toContain('dns.qry.name');
    expect(keys.every((k) => k.includes('.'))).toBe(true);
    expect(fieldEntries({ body: new Uint8Array(1), 'http.host': 'h', 'x.y': undefined })).toEqual([['http.host', 'h']]);
  });

  it('StreamMap: capped, least recently used out', () => {
    let made = 0;
    const m = new StreamMap(() => ++made, 3);
    m.get(1, 0, 0); m.get(2, 0, 0); m.get(3, 0, 0);
    m.get(1, 0, 10);
    m.get(4, 0, 0);
    expect(m.size).toBe(3);
    expect(m.get(1, 0, 20)).toBe(1);
    expect(m.get(2, 0, 20)).toBe(5);
  });
});
