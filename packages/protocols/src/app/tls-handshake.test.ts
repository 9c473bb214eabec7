/** TLS record framing and handshake facts, through the engine's PduDesegmenter. */
import type { PduProtocol as EnginePduProtocol } from '@wirewho/reassembly';
import { describe, expect, it } from 'vitest';
import { drive } from '../../test/pdu-driver.js';
import { ascii, cat, u16 } from '../test-frames.js';
import { INVALID, NEED_MORE } from './pdu.js';
import {
  MAX_RECORD_PAYLOAD, TlsConversation, createTlsPdu, tlsPdu, parseHandshakeMessage, parseTlsRecord, tlsRecordLength, tlsRecordPdu, tlsResync, type TlsRecordFacts,
} from './tls-handshake.js';

const _engine: EnginePduProtocol<TlsRecordFacts> = new TlsConversation().protocol(0);
void _engine;

const rec = (type: number, body: number[] | Uint8Array, ver = 0x0303): Uint8Array => cat([type, ...u16(ver), ...u16(body.length)], body);
const hs = (type: number, body: number[]): number[] => [type, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff, ...body];
const ext = (type: number, data: number[]): number[] => [...u16(type), ...u16(data.length), ...data];
const vec8 = (d: number[]): number[] => [d.length, ...d];
const vec16 = (d: number[]): number[] => [...u16(d.length), ...d];

function clientHello(o: { sni?: string; alpn?: string[]; versions?: number[]; ciphers?: number[]; padding?: number } = {}): number[] {
  const exts: number[] = [];
  if (o.sni !== undefined) exts.push(...ext(0, vec16([0, ...vec16(ascii(o.sni))])));
  if (o.alpn) exts.push(...ext(16, vec16(o.alpn.flatMap((p) => vec8(ascii(p))))));
  if (o.versions) exts.push(...ext(43, vec8(o.versions.flatMap(u16))));
  if (o.padding) exts.push(...ext(21, new Array(o.padding).fill(0)));
  const ciphers = o.ciphers ?? [0x1301, 0x1302, 0xc02c];
  return hs(1, [...u16(0x0303), ...new Array(32).fill(7), ...vec8(new Array(32).fill(1)), ...vec16(ciphers.flatMap(u16)), ...vec8([0]), ...vec16(exts)]);
}

function serverHello(o: { v13?: boolean; cipher?: number; alpn?: string; hrr?: boolean } = {}): number[] {
  const exts: number[] = [];
  if (o.v13) exts.push(...ext(43, u16(0x0304)));
  if (o.alpn) exts.push(...ext(16, vec16(vec8(ascii(o.alpn)))));
  const random = o.hrr
    ? [0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c]
    : new Array(32).fill(2);
  return hs(2, [...u16(0x0303), ...random, ...vec8([]), ...u16(o.cipher ?? 0x1302), 0, ...vec16(exts)]);
}

describe('TLS handshake facts', () => {
  it('ClientHello: SNI, ALPN, supported_versions, offered cipher suites (tshark text forms)', () => {
    const f = parseTlsRecord(rec(22, clientHello({ sni: 'tls.corpus.test', alpn: ['h2', 'http/1.1'], versions: [0x0304, 0x0303] }), 0x0301));
    expect(f).toMatchObject({
      'tls.record.content_type': 22, 'tls.record.version': '0x0301', 'tls.handshake.type': [1], 'tls.handshake.version': '0x0303',
      'tls.handshake.extensions_server_name': 'tls.corpus.test', 'tls.handshake.extensions_alpn_str': ['h2', 'http/1.1'],
      'tls.handshake.extensions.supported_version': ['0x0304', '0x0303'], 'tls.handshake.ciphersuite': ['0x1301', '0x1302', '0xc02c'],
      encrypted: false,
    });
    expect(f.handshakes[0]['tls.handshake.extension.type']).toEqual([0, 16, 43]);
    expect(f['_ws.malformed']).toBeUndefined();
  });

  it('ServerHello TLS 1.2 with ALPN, Certificate and ServerHelloDone in one record', () => {
    const f = parseTlsRecord(rec(22, [...serverHello({ cipher: 0xc02c, alpn: 'http/1.1' }), ...hs(11, [0, 0, 0]), ...hs(14, [])]));
    expect(f).toMatchObject({
      'tls.handshake.type': [2, 11, 14], 'tls.handshake.version': '0x0303', 'tls.handshake.ciphersuite': ['0xc02c'],
      'tls.handshake.extensions_alpn_str': ['http/1.1'], 'tls.handshake.extensions.supported_version': [],
    });
  });

  it('a ClientHello spanning three records is reported in the record that completes it', () => {
    const ch = Uint8Array.from(clientHello({ sni: 'big.example', padding: 3000 }));
    const conv = new TlsConversation();
    const p = conv.protocol(0);
    const parts = [ch.subarray(0, 2), ch.subarray(2, 1500), ch.subarray(1500)];
    const facts = parts.map((x) => p.dissect(rec(22, x)));
    expect(facts.map((f) => f['tls.handshake.type'])).toEqual([[], [], [1]]);
    expect(facts[2]['tls.handshake.extensions_server_name']).toBe('big.example');
  });

  it('TLS 1.3: after the ServerHello, handshake records are encrypted both ways', () => {
    const conv = new TlsConversation();
    const c = conv.protocol(0), s = conv.protocol(1);
    c.dissect(rec(22, clientHello({ versions: [0x0304] })));
    const sh = s.dissect(rec(22, serverHello({ v13: true })));
    expect(sh['tls.handshake.extensions.supported_version']).toEqual(['0x0304']);
    expect(conv.negotiatedVersion).toBe('0x0304');
    expect(conv.negotiatedCipherSuite).toBe('0x1302');
    expect(s.dissect(rec(20, [1]))['tls.record.content_type']).toBe(20);
    const enc = s.dissect(rec(23, [1, 2, 3, 4, 5]));
    expect(enc.encrypted).toBe(true);
    // Even a type-22 record that happens to look like a Finished is not read.
    expect(c.dissect(rec(22, hs(20, new Array(32).fill(9)))).encrypted).toBe(true);
  });

  it('TLS 1.2: ChangeCipherSpec makes that direction\'s next handshake record encrypted', () => {
    const conv = new TlsConversation();
    const c = conv.protocol(0);
    c.dissect(rec(22, clientHello()));
    c.dissect(rec(22, hs(16, [0, 0])));
    c.dissect(rec(20, [1]));
    const fin = c.dissect(rec(22, [0x5a, 0x11, 0x22, 0x33, 0x44, 0x55]));
    expect(fin.encrypted).toBe(true);
    expect(fin['tls.handshake.type']).toEqual([]);
    expect(c.dissect(rec(21, [1, 0])).encrypted).toBe(true);
    expect(new TlsConversation().protocol(0).dissect(rec(21, [2, 40]))).toMatchObject({ 'tls.alert_message.level': 2, 'tls.alert_message.desc': 40 });
  });

  it('HelloRetryRequest: the second ClientHello is read even after the compatibility CCS', () => {
    const conv = new TlsConversation();
    const c = conv.protocol(0), s = conv.protocol(1);
    c.dissect(rec(22, clientHello({ sni: 'a.test', versions: [0x0304] })));
    expect(s.dissect(rec(22, serverHello({ v13: true, hrr: true }))).handshakes[0].helloRetryRequest).toBe(true);
    expect(conv.negotiatedVersion).toBeUndefined();
    c.dissect(rec(20, [1]));
    expect(c.dissect(rec(22, clientHello({ sni: 'a.test', versions: [0x0304] })))['tls.handshake.extensions_server_name']).toBe('a.test');
    s.dissect(rec(22, serverHello({ v13: true })));
    expect(conv.negotiatedVersion).toBe('0x0304');
  });
});

describe('TLS record framing through the desegmenter', () => {
  it('pduLength: header, NEED_MORE, INVALID', () => {
    expect(tlsRecordLength(Uint8Array.from([22, 3, 1]), 0)).toBe(NEED_MORE);
    expect(tlsRecordLength(rec(22, [1, 2, 3]), 0)).toBe(8);
    expect(tlsRecordLength(Uint8Array.from([22, 3, 1, 0xff, 0xff]), 0)).toBe(INVALID);
    expect(tlsRecordLength(Uint8Array.from([25, 3, 1, 0, 1]), 0)).toBe(INVALID);
    expect(tlsRecordLength(Uint8Array.from([22, 2, 0, 0, 1]), 0)).toBe(INVALID);
    expect(tlsRecordLength(Uint8Array.from([23, 3, 3, ...u16(MAX_RECORD_PAYLOAD)]), 0)).toBe(5 + MAX_RECORD_PAYLOAD);
  });

  it('records split across segments and coalesced in one; handshake across records', () => {
    const ch = Uint8Array.from(clientHello({ sni: 'split.test', alpn: ['h2'], padding: 600 }));
    const stream = cat(rec(22, ch.subarray(0, 300)), rec(22, ch.subarray(300)), rec(20, [1]), rec(23, new Array(100).fill(0xaa)));
    for (const size of [1, 4, 5, 6, 99, 1448, stream.length]) {
      const d = drive(new TlsConversation().protocol(0));
      d.feedSplit(stream, size);
      expect(d.pdus.map((p) => p.value['tls.record.content_type'])).toEqual([22, 22, 20, 23]);
      expect(d.pdus[1].value['tls.handshake.extensions_server_name']).toBe('split.test');
      expect(d.pdus[1].reassembledIn).toBe(Math.ceil((10 + ch.length) / size));
      expect(d.pdus[3].value.encrypted).toBe(true);
    }
  });

  it('a gap inside a record: truncated, handshake reassembly restarts at the next message start', () => {
    const conv = new TlsConversation();
    const d = drive(conv.protocol(0));
    const r1 = rec(22, clientHello({ sni: 'lost.test', padding: 500 }));
    d.feed(r1.subarray(0, 100), 1);
    d.gap(200);
    d.feed(r1.subarray(300), 2);
    d.feed(rec(22, clientHello({ sni: 'next.test' })), 3);
    expect(d.pdus.map((p) => [p.truncated, p.value['tls.handshake.extensions_server_name'] ?? null])).toEqual([[true, null], [false, 'next.test']]);
  });

  it('a gap over a record header: resync on two consecutive record headers', () => {
    const d = drive(new TlsConversation().protocol(1));
    d.feed(rec(23, new Array(50).fill(0x17)).subarray(0, 2), 1);
    d.gap(30);
    d.feed(cat(new Array(23).fill(0x17), rec(23, new Array(40).fill(1)), rec(23, new Array(40).fill(2))), 2);
    expect(d.events.map((e) => e.kind)).toEqual(['lost', 'resynced']);
    expect(d.pdus.map((p) => p.value['tls.record.length'])).toEqual([40, 40]);
    expect(tlsResync(Uint8Array.from(new Array(200).fill(0x41)), 0)).toBe(-1);
  });
});

describe('TLS hostile input', () => {
  it('lying lengths in hello fields and extensions', () => {
    const ch = clientHello({ sni: 'x.test', alpn: ['h2'] });
    // Extensions length claims far more than present; SNI list length lies; ALPN entry runs past its list.
    const bad = Uint8Array.from(ch);
    bad[bad.length - 2 - 4 - 9 - 4 - 2 - 7 - 2] = 0xff;
    expect(() => parseHandshakeMessage(bad)).not.toThrow();
    const h = parseHandshakeMessage(Uint8Array.from(hs(1, [3, 3, 1, 2])));
    expect(h['_ws.malformed']).toBeDefined();
    const sniLie = hs(1, [...u16(0x0303), ...new Array(32).fill(0), 0, ...u16(2), 0x13, 0x01, 1, 0, ...vec16(ext(0, [...u16(200), 0, ...u16(150), 0x61]))]);
    expect(parseHandshakeMessage(Uint8Array.from(sniLie))['tls.handshake.extensions_server_name']).toBeUndefined();
  });

  it('a 16 MiB handshake message is not buffered: the direction skips to the next message start', () => {
    const conv = new TlsConversation();
    const p = conv.protocol(0);
    const f = p.dissect(rec(22, [11, 0xff, 0xff, 0xff, 0, 0, 0]));
    expect(f['_ws.malformed']).toBe('handshake message too large');
    for (let i = 0; i < 20; i++) p.dissect(rec(22, new Array(16000).fill(0x30)));
    expect(p.dissect(rec(22, clientHello({ sni: 'again.test' })))['tls.handshake.extensions_server_name']).toBe('again.test');
  });

  it('many tiny records of an incomplete message stay within MAX_HANDSHAKE', () => {
    const p = new TlsConversation().protocol(0);
    p.dissect(rec(22, [11, 0x03, 0xff, 0xff]));
    for (let i = 0; i < 300; i++) expect(() => p.dissect(rec(22, new Array(1000).fill(1)))).not.toThrow();
  });

  it('random bytes never throw', () => {
    let seed = 5;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 3000; i++) {
      const body = Array.from({ length: rnd() % 300 }, rnd);
      if (i % 2) body[0] = 1 + (i % 3);
      const conv = new TlsConversation();
      expect(() => {
        conv.protocol(0).dissect(rec(22, body));
        conv.protocol(1).dissect(Uint8Array.from(body));
        tlsRecordPdu.dissect(rec(22, body).subarray(0, 3 + (i % 20)));
        parseHandshakeMessage(Uint8Array.from(body));
        tlsResync(Uint8Array.from(body), 0);
      }).not.toThrow();
    }
  });
});

describe('tlsPdu / createTlsPdu: one object for every stream', () => {
  it('keeps handshake state per stream through dissect\'s ctx', () => {
    const p = createTlsPdu();
    const ch = Uint8Array.from(clientHello({ sni: 'two.test', padding: 400 }));
    const ctx = (stream: number, offset: number) => ({ stream, direction: 0 as const, offset });
    // Interleaved streams, each ClientHello split over two records.
    expect(p.dissect(rec(22, ch.subarray(0, 200)), ctx(1, 0))['tls.handshake.type']).toEqual([]);
    expect(p.dissect(rec(22, ch.subarray(0, 100)), ctx(2, 0))['tls.handshake.type']).toEqual([]);
    expect(p.dissect(rec(22, ch.subarray(200)), ctx(1, 205))['tls.handshake.extensions_server_name']).toBe('two.test');
    expect(p.dissect(rec(22, ch.subarray(100)), ctx(2, 105))['tls.handshake.extensions_server_name']).toBe('two.test');
    // Stream 1 seen again from offset 0: fresh state (the old CCS does not make it encrypted).
    p.dissect(rec(20, [1]), ctx(1, 500));
    expect(p.dissect(rec(22, clientHello({ sni: 'again.test' })), ctx(1, 0))['tls.handshake.extensions_server_name']).toBe('again.test');
    expect(tlsPdu.dissect(rec(22, clientHello({ sni: 'x.test' })))['tls.handshake.extensions_server_name']).toBe('x.test');
  });
});
