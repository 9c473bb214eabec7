/** HTTP/1.x message framing and facts, through the engine's PduDesegmenter (split, coalesced, hostile). */
import type { PduProtocol as EnginePduProtocol } from '@wirewho/reassembly';
import { describe, expect, it } from 'vitest';
import { drive } from '../../test/pdu-driver.js';
import { ascii, cat } from '../test-frames.js';
import {
  HttpConversation, MAX_HEADER_BYTES, createHttpPdu, httpPdu, httpPduLength, httpResync, httpUntilClose, parseHttpHead, parseHttpMessage, type HttpFacts,
} from './http-message.js';
import { INVALID, NEED_MORE } from './pdu.js';

const _engine: EnginePduProtocol<HttpFacts> = new HttpConversation().protocol(0);
void _engine;

const b = (s: string): Uint8Array => Uint8Array.from(ascii(s));
const text = (u: Uint8Array): string => String.fromCharCode(...u);

const GET = (uri: string, extra = ''): string => `GET ${uri} HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n${extra}\r\n`;
const OK = (body: string, extra = ''): string => `HTTP/1.1 200 OK\r\nServer: t\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;
const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n';

/** Both directions of one connection, each through its own desegmenter. */
function connection() {
  const conv = new HttpConversation();
  return { conv, c: drive(conv.protocol(0)), s: drive(conv.protocol(1)) };
}

describe('parseHttpMessage', () => {
  it('request facts under Wireshark field names', () => {
    const f = parseHttpMessage(b(GET('/5m.bin')));
    expect(f).toMatchObject({
      'http.request': true, 'http.response': false, 'http.request.method': 'GET', 'http.request.uri': '/5m.bin',
      'http.request.version': 'HTTP/1.1', 'http.host': '127.0.0.1:8080', 'http.user_agent': 'curl/7.88.1',
      'http.request.full_uri': 'http://127.0.0.1:8080/5m.bin',
      'http.request.line': ['Host: 127.0.0.1:8080\r\n', 'User-Agent: curl/7.88.1\r\n', 'Accept: */*\r\n'],
      'http.response.line': [], framing: 'none', headerLength: GET('/5m.bin').length, startLine: 'GET /5m.bin HTTP/1.1',
    });
    expect(f.body.length).toBe(0);
    expect(f['_ws.malformed']).toBeUndefined();
  });

  it('response with Content-Length: body copied', () => {
    const buf = b(OK('hello world'));
    const f = parseHttpMessage(buf);
    expect(f).toMatchObject({
      'http.response': true, 'http.response.code': 200, 'http.response.phrase': 'OK', 'http.response.version': 'HTTP/1.1',
      'http.content_length': 11, 'http.content_length_header': '11', 'http.content_type': 'text/plain', 'http.server': 't',
      framing: 'content-length', messageLength: buf.length,
    });
    expect(text(f.body)).toBe('hello world');
    expect(f.body.buffer).not.toBe(buf.buffer);
    expect(parseHttpMessage(buf, 0, buf.length, { bodyView: true }).body.buffer).toBe(buf.buffer);
  });

  it('chunked: de-chunked body, extensions and trailers skipped', () => {
    const f = parseHttpMessage(b(CHUNKED));
    expect(f.framing).toBe('chunked');
    expect(f['http.transfer_encoding']).toBe('chunked');
    expect(f['http.content_length']).toBeUndefined();
    expect(text(f.body)).toBe('helloabcdefghijklmnopqrstuvwxyz');
    expect(f.messageLength).toBe(CHUNKED.length);
    const cut = parseHttpMessage(b(CHUNKED.slice(0, 66)));
    expect(cut.framing).toBe('chunked-incomplete');
    expect(text(cut.body)).toBe('hello');
  });

  it('no-body responses: 1xx, 204, 304, and any response to HEAD', () => {
    for (const line of ['HTTP/1.1 100 Continue', 'HTTP/1.1 204 No Content', 'HTTP/1.1 304 Not Modified']) {
      const m = `${line}\r\nContent-Length: 10\r\n\r\n`;
      expect(httpPduLength(b(m + 'next'), 0)).toBe(m.length);
    }
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n';
    expect(httpPduLength(b(head), 0)).toBe(head.length + 1000);
    expect(httpPduLength(b(head), 0, 'HEAD')).toBe(head.length);
    const f = parseHttpMessage(b(head), 0, head.length, { requestMethod: 'HEAD' });
    expect(f).toMatchObject({ framing: 'no-body', 'http.content_length': 1000, requestMethod: 'HEAD' });
  });

  it('until-close: NEED_MORE, httpUntilClose, and the rest of the stream as body', () => {
    const m = 'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>';
    expect(httpPduLength(b(m), 0)).toBe(NEED_MORE);
    expect(httpUntilClose(b(m), 0)).toBe(true);
    expect(httpUntilClose(b(OK('x')), 0)).toBe(false);
    expect(parseHttpMessage(b(m))).toMatchObject({ framing: 'until-close' });
    expect(text(parseHttpMessage(b(m)).body)).toBe('<html>');
  });

  it('bare LF line endings, absolute URIs, and header whitespace', () => {
    const f = parseHttpMessage(b('GET http://x.test/a HTTP/1.0\nHost:   y.test  \nContent-Length: 2\n\nab'));
    expect(f).toMatchObject({ 'http.request.full_uri': 'http://x.test/a', 'http.host': 'y.test', framing: 'content-length' });
    expect(text(f.body)).toBe('ab');
  });
});

describe('HTTP framing through the desegmenter', () => {
  it('a message is one PDU however it is split; the completing frame is reported', () => {
    const msg = b(OK('x'.repeat(5000)));
    for (const size of [1, 7, 100, 1448, msg.length]) {
      const d = drive(new HttpConversation().protocol(1));
      d.feedSplit(msg, size);
      expect(d.pdus.length).toBe(1);
      expect(d.pdus[0].length).toBe(msg.length);
      expect(d.pdus[0].reassembledIn).toBe(Math.ceil(msg.length / size));
      expect(d.pdus[0].value.body.length).toBe(5000);
    }
  });

  it('chunked bodies split anywhere (including inside chunk-size lines and CRLFs)', () => {
    for (const size of [1, 2, 3, 5, 11, 64]) {
      const d = drive(new HttpConversation().protocol(1));
      d.feedSplit(b(CHUNKED + OK('after')), size);
      expect(d.pdus.map((p) => [p.value.framing, text(p.value.body)])).toEqual([
        ['chunked', 'helloabcdefghijklmnopqrstuvwxyz'], ['content-length', 'after'],
      ]);
    }
  });

  it('a long chunked body in many segments stays linear (the chunk walk resumes)', () => {
    const chunks: string[] = [];
    for (let i = 0; i < 20000; i++) chunks.push('1\r\nx\r\n');
    const msg = b('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' + chunks.join('') + '0\r\n\r\n');
    const d = drive(new HttpConversation().protocol(1));
    const t0 = performance.now();
    d.feedSplit(msg, 100);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(d.pdus[0].value.body.length).toBe(20000);
  });

  it('keep-alive and pipelining: requests coalesced, responses paired by order', () => {
    const { c, s } = connection();
    c.feed(b(GET('/small.txt') + GET('/index.html') + 'HEAD /64k.bin HTTP/1.1\r\nHost: h\r\n\r\n'), 10);
    expect(c.pdus.map((p) => p.value['http.request.uri'])).toEqual(['/small.txt', '/index.html', '/64k.bin']);
    // HEAD's response carries Content-Length but no body: the next bytes are the next message.
    const resp = OK('small') + OK('index!') + 'HTTP/1.1 200 OK\r\nContent-Length: 65536\r\n\r\n';
    s.feedSplit(b(resp), 9);
    expect(s.pdus.map((p) => [p.value['http.response_for.uri'], p.value.framing, text(p.value.body)])).toEqual([
      ['http://127.0.0.1:8080/small.txt', 'content-length', 'small'],
      ['http://127.0.0.1:8080/index.html', 'content-length', 'index!'],
      ['http://h/64k.bin', 'no-body', ''],
    ]);
  });

  it('Expect: 100-continue: the interim response does not consume the request', () => {
    const { c, s } = connection();
    const head = 'POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n';
    c.feed(b(head), 1);
    expect(c.pdus.length).toBe(0);
    s.feed(b('HTTP/1.1 100 Continue\r\n\r\n'), 2);
    c.feed(b('0123456789'), 3);
    s.feed(b('HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok'), 4);
    expect(c.pdus.map((p) => [p.reassembledIn, p.value.framing, text(p.value.body)])).toEqual([[3, 'content-length', '0123456789']]);
    expect(s.pdus.map((p) => [p.reassembledIn, p.value['http.response.code'], p.value['http.response_for.uri']])).toEqual([
      [2, 100, 'http://h/upload'], [4, 201, 'http://h/upload'],
    ]);
  });

  it('an until-close response ends with the direction (endOfStream)', () => {
    const { c, s } = connection();
    c.feed(b(GET('/')), 1);
    s.feed(b('HTTP/1.0 302 Redirect\r\nLocation: /x\r\n\r\n<html>'), 2);
    s.feed(b('</html>'), 3);
    expect(s.pdus.length).toBe(0);
    s.end(4);
    expect(s.pdus.map((p) => [p.endOfStream, p.reassembledIn, p.value.framing, text(p.value.body), p.value['http.location']])).toEqual([
      [true, 4, 'until-close', '<html></html>', '/x'],
    ]);
  });

  it('CONNECT 200, 101 Switching Protocols and the HTTP/2 preface end HTTP/1.x framing', () => {
    const { c, s, conv } = connection();
    c.feed(b('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'), 1);
    s.feed(b('HTTP/1.1 200 Connection established\r\n\r\n'), 2);
    expect(conv.upgraded).toBe(true);
    c.feed(Uint8Array.from([0x16, 3, 1, 0, 5, 1, 2, 3, 4, 5]), 3);
    s.feed(b('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'), 4);
    expect(c.pdus.length).toBe(1);
    expect(s.pdus.length).toBe(1);
    const ws = connection();
    ws.c.feed(b('GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'), 1);
    ws.s.feed(b('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello'), 2);
    expect(ws.s.pdus.map((p) => p.value['http.response.code'])).toEqual([101]);
    expect(ws.conv.upgraded).toBe(true);
    const h2 = connection();
    h2.c.feed(b('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00'), 1);
    expect(h2.c.pdus.map((p) => p.value['http.request.method'])).toEqual(['PRI']);
    expect(h2.conv.upgraded).toBe(true);
  });

  it('a gap inside a Content-Length body: the message is recorded truncated and framing continues', () => {
    const d = drive(new HttpConversation().protocol(1));
    const m = b(OK('x'.repeat(1000)));
    d.feed(m.subarray(0, 300), 1);
    d.gap(200);
    d.feed(cat(m.subarray(500), b(OK('next'))), 2);
    expect(d.pdus.map((p) => [p.truncated, p.value.framing])).toEqual([[true, 'content-length-incomplete'], [false, 'content-length']]);
  });

  it('a gap with unknown length (chunked): resynchronises on the next status line', () => {
    const d = drive(new HttpConversation().protocol(1));
    d.feed(b(CHUNKED.slice(0, 70)), 1);
    d.gap(20);
    d.feed(b('garbage' + OK('again')), 2);
    expect(d.events.map((e) => e.kind)).toEqual(['lost', 'resynced']);
    expect(d.pdus.map((p) => text(p.value.body))).toEqual(['again']);
  });
});

describe('HTTP hostile input', () => {
  it('not HTTP: INVALID at once, without waiting for a header end', () => {
    expect(httpPduLength(Uint8Array.from([0x16, 3, 1, 0, 200]), 0)).toBe(INVALID);
    expect(httpPduLength(b('get / HTTP/1.1\r\n'), 0)).toBe(INVALID);
    expect(httpPduLength(b('GET'), 0)).toBe(NEED_MORE);
    expect(httpPduLength(b('GET / HTTP/1.1'), 0)).toBe(NEED_MORE);
    expect(httpPduLength(b('GET / FTP/1.1\r\n\r\n'), 0)).toBe(INVALID);
    expect(httpPduLength(b('HTTP/1.1 2x0 OK\r\n\r\n'), 0)).toBe(INVALID);
    expect(httpPduLength(b('VERYLONGMETHODNAMEXXXXXXXXXX / HTTP/1.1\r\n\r\n'), 0)).toBe(INVALID);
  });

  it('header section caps: bytes and lines', () => {
    const big = b('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(MAX_HEADER_BYTES) + '\r\n\r\n');
    expect(httpPduLength(big, 0)).toBe(INVALID);
    expect(httpPduLength(big.subarray(0, MAX_HEADER_BYTES + 10), 0)).toBe(INVALID);
    expect(httpPduLength(big.subarray(0, 1000), 0)).toBe(NEED_MORE);
    const many = b('GET / HTTP/1.1\r\n' + 'a:b\r\n'.repeat(1200) + '\r\n');
    expect(httpPduLength(many, 0)).toBe(INVALID);
  });

  it('Content-Length: conflicting, non-numeric, beyond 2^53', () => {
    expect(httpPduLength(b('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n'), 0)).toBe(INVALID);
    expect(httpPduLength(b('HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\n'), 0)).toBe(46);
    expect(httpPduLength(b('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'), 0)).toBe(INVALID);
    expect(httpPduLength(b('HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n'), 0)).toBe(INVALID);
    expect(parseHttpMessage(b('HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n'))['_ws.malformed']).toBeDefined();
  });

  it('chunked: bad sizes, huge sizes, endless chunk-size lines, endless trailers', () => {
    const h = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(httpPduLength(b(h + 'zz\r\n'), 0)).toBe(INVALID);
    expect(httpPduLength(b(h + 'fffffffffffffff\r\n'), 0)).toBe(INVALID);
    expect(httpPduLength(b(h + '5;' + 'e'.repeat(5000)), 0)).toBe(INVALID);
    expect(httpPduLength(b(h + '5\r\nhelloXX'), 0)).toBe(INVALID);
    expect(httpPduLength(b(h + '0\r\n' + 'T: 1\r\n'.repeat(1200)), 0)).toBe(INVALID);
    expect(httpPduLength(b(h + '5\r\nhel'), 0)).toBe(NEED_MORE);
  });

  it('pending requests per connection are capped; the oldest keep pairing', () => {
    const { c, s } = connection();
    c.feed(b(GET('/a').repeat(5000)), 1);
    expect(c.pdus.length).toBe(5000);
    s.feed(b(OK('x').repeat(4100)), 2);
    expect(s.pdus.length).toBe(4100);
    expect(s.pdus[4095].value['http.response_for.uri']).toBe('http://127.0.0.1:8080/a');
    expect(s.pdus[4096].value['http.response_for.uri']).toBeUndefined();
  });

  it('resync: status and request lines, and nothing in garbage', () => {
    expect(httpResync(b('xxGET / HTTP/1.1\r\n'), 0)).toBe(2);
    expect(httpResync(b('abc HTTP/1.1 200 OK\r\n'), 0)).toBe(4);
    expect(httpResync(b('GETTY images BLAH / x'), 0)).toBe(-1);
    expect(httpResync(b('...POST /x'), 0)).toBe(3);
    expect(httpResync(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 0x7f).map((x) => (x === 0x48 ? 0x20 : x)), 0)).toBe(-1);
    const t0 = performance.now();
    httpResync(b('GET '.repeat(200000)), 0);
    httpResync(b('GET /' + 'a'.repeat(500000)), 0);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('random bytes never throw', () => {
    let seed = 11;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const alphabet = ascii('GET HTTP/1.1 200 \r\n:chunked0123456789abcdefContent-Length;Transfer-Encoding');
    for (let i = 0; i < 3000; i++) {
      const buf = Uint8Array.from({ length: 1 + (rnd() % 200) }, () => (i % 2 ? rnd() : alphabet[rnd() % alphabet.length]));
      const conv = new HttpConversation();
      expect(() => {
        conv.protocol(0).pduLength(buf, 0);
        conv.protocol(1).dissect(buf);
        conv.protocol(1).endOfStream(buf, 0);
        parseHttpHead(buf, 0);
        httpResync(buf, 0);
      }).not.toThrow();
    }
  });
});

describe('httpPdu / createHttpPdu: one object for every stream', () => {
  it('pairs through dissect\'s ctx; a PDU at offset 0 in a direction already seen starts a new connection', () => {
    const p = createHttpPdu();
    const ctx = (stream: number, direction: 0 | 1, offset: number) => ({ stream, direction, offset });
    const req = b(GET('/one')), req2 = b(GET('/two'));
    p.dissect(req, ctx(1, 0, 0));
    p.dissect(req2, ctx(2, 0, 0));
    expect(p.dissect(b(OK('a')), ctx(2, 1, 0))['http.response_for.uri']).toBe('http://127.0.0.1:8080/two');
    expect(p.dissect(b(OK('a')), ctx(1, 1, 0))['http.response_for.uri']).toBe('http://127.0.0.1:8080/one');
    // Stream 1 again from offset 0 (another capture): no stale request.
    p.dissect(b(GET('/three')), ctx(1, 0, 0));
    expect(p.dissect(b(OK('a')), ctx(1, 1, 0))['http.response_for.uri']).toBe('http://127.0.0.1:8080/three');
    expect(p.dissect(b(OK('a')), ctx(1, 1, 50))['http.response_for.uri']).toBeUndefined();
    // No ctx: plain dissection; framing is the stateless one.
    expect(httpPdu.dissect(req)['http.request.uri']).toBe('/one');
    expect(httpPdu.pduLength(b(OK('abc')), 0)).toBe(OK('abc').length);
  });

  it('frames through the desegmenter like a conversation (except HEAD/CONNECT knowledge)', () => {
    const d = drive(createHttpPdu());
    d.feedSplit(b(CHUNKED + OK('after')), 3);
    expect(d.pdus.map((x) => x.value.framing)).toEqual(['chunked', 'content-length']);
  });
});
