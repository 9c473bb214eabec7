import { describe, expect, it } from 'vitest';
import { tcpPayloadLayers, withTcpPayloadLayers, type PayloadSegment } from './tcp-payload-layers.js';
import { ascii } from './test-frames.js';

const MS = 1_000_000n;
const CLIENT_ISN = 1000, SERVER_ISN = 5000;

/** A conversation 40000 -> `port` with a handshake (10 ms first RTT); data segments are added with `data`. */
function conversation(port = 8080) {
  const segs: PayloadSegment[] = [];
  const next = [CLIENT_ISN + 1, SERVER_ISN + 1];
  let frame = 0;
  const push = (dir: 0 | 1, tsMs: number, seq: number, ack: number, flags: number, payload: Uint8Array, cut = false) => {
    segs.push({
      frame: ++frame, dir, tsNs: BigInt(1000 + tsMs) * MS, seq, ack, flags, window: 512, seglen: payload.length, hlen: 20,
      srcPort: dir === 0 ? 40000 : port, dstPort: dir === 0 ? port : 40000,
      payload: cut ? payload.subarray(0, 16) : payload, canDesegment: !cut,
    });
    return frame;
  };
  push(0, 0, CLIENT_ISN, 0, 0x002, new Uint8Array(0));
  push(1, 5, SERVER_ISN, CLIENT_ISN + 1, 0x012, new Uint8Array(0));
  push(0, 10, CLIENT_ISN + 1, SERVER_ISN + 1, 0x010, new Uint8Array(0));
  return {
    segs,
    /** Sends `text` from `dir` at the next sequence number (or at `seq`), returns its frame number. */
    data(dir: 0 | 1, tsMs: number, text: string | Uint8Array, opts: { seq?: number; cut?: boolean; flags?: number } = {}) {
      const payload = typeof text === 'string' ? Uint8Array.from(ascii(text)) : text;
      const seq = opts.seq ?? next[dir];
      next[dir] = Math.max(next[dir], seq + payload.length);
      return push(dir, tsMs, seq, next[dir ^ 1], opts.flags ?? 0x018, payload, opts.cut);
    },
    ack(dir: 0 | 1, tsMs: number) {
      return push(dir, tsMs, next[dir], next[dir ^ 1], 0x010, new Uint8Array(0));
    },
  };
}

const REQUEST = 'GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\n';
const RESPONSE_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\n';

describe('protocols above TCP as Wireshark 4.0 dissects them (desegmentation on)', () => {
  it('a message in one segment shows http (and its body dissector) in that frame', () => {
    const c = conversation();
    const req = c.data(0, 20, REQUEST);
    const res = c.data(1, 30, RESPONSE_HEAD + 'x'.repeat(20));
    const layers = tcpPayloadLayers(c.segs);
    expect(layers.get(req)).toBe(':http');
    expect(layers.get(res)).toBe(':http:data-text-lines');
    expect(layers.has(1)).toBe(false);
  });

  it('a message that completes in a later frame: plain tcp before, http in the completing frame', () => {
    const c = conversation();
    c.data(0, 20, REQUEST);
    const head = c.data(1, 30, RESPONSE_HEAD + 'x'.repeat(5));
    const middle = c.data(1, 31, 'x'.repeat(10));
    const last = c.data(1, 32, 'x'.repeat(5));
    const layers = tcpPayloadLayers(c.segs);
    expect(layers.get(head)).toBe('');
    expect(layers.get(middle)).toBe('');
    expect(layers.get(last)).toBe(':http:data-text-lines');
  });

  it('a header section split mid-line waits for the next segment', () => {
    const c = conversation();
    const a = c.data(0, 20, 'GET /a.txt HT');
    const b = c.data(0, 21, 'TP/1.1\r\nHost: h\r\n\r\n');
    const layers = tcpPayloadLayers(c.segs);
    expect([layers.get(a), layers.get(b)]).toEqual(['', ':http']);
  });

  it('a retransmitted segment reaches no dissector, on any port', () => {
    const c = conversation();
    c.data(0, 20, REQUEST);
    const res = c.data(1, 30, RESPONSE_HEAD + 'x'.repeat(20));
    const again = c.data(1, 400, RESPONSE_HEAD + 'x'.repeat(20), { seq: SERVER_ISN + 1 });
    const layers = tcpPayloadLayers(c.segs);
    expect(layers.get(res)).toBe(':http:data-text-lines');
    expect(layers.get(again)).toBe('');

    const d = conversation(21999);
    const first = d.data(0, 20, 'hello');
    const dup = d.data(0, 400, 'hello', { seq: CLIENT_ISN + 1 });
    const plain = tcpPayloadLayers(d.segs);
    // The first is left to the frame's own view (data); the retransmission is plain tcp.
    expect(plain.has(first)).toBe(false);
    expect(plain.get(dup)).toBe('');
  });

  it('a lost segment leaves the message incomplete for good; bytes past its end are a continuation', () => {
    const c = conversation();
    c.data(0, 20, REQUEST);
    const S = SERVER_ISN + 1;
    // 41 header bytes + 100 of a 3000-byte body; body bytes [100, 1100) are lost.
    const head = c.data(1, 30, 'HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n' + 'x'.repeat(100));
    const body = new Uint8Array(1000).fill(0x80);
    const afterHole = c.data(1, 31, body, { seq: S + 1141 });
    // The hole is filled late: a retransmission, which Wireshark never adds to the message.
    const refill = c.data(1, 500, body, { seq: S + 141 });
    const rest = c.data(1, 501, new Uint8Array(900).fill(0x80), { seq: S + 2141 });
    // Past the message's end there is no MSP: HTTP sees binary bytes in a conversation that had a request.
    const past = c.data(1, 502, new Uint8Array(50).fill(0x80), { seq: S + 3041 });
    const layers = tcpPayloadLayers(c.segs);
    expect([head, afterHole, refill, rest].map((f) => layers.get(f))).toEqual(['', '', '', '']);
    expect(layers.get(past)).toBe(':http:data');
  });

  it('a segment the capture cut is dissected as far as it goes, without desegmentation', () => {
    const c = conversation();
    const req = c.data(0, 20, REQUEST + 'y'.repeat(100), { cut: true });
    const body = c.data(0, 21, new Uint8Array(200).fill(0x81), { cut: true });
    const layers = tcpPayloadLayers(c.segs);
    expect(layers.get(req)).toBe(':http');
    expect(layers.get(body)).toBe(':http:data');
  });

  it('a response without length runs until the FIN, which completes it', () => {
    const c = conversation();
    c.data(0, 20, 'GET / HTTP/1.0\r\n\r\n');
    const head = c.data(1, 30, 'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n');
    const fin = c.data(1, 31, '<html></html>', { flags: 0x019 });
    const layers = tcpPayloadLayers(c.segs);
    expect(layers.get(head)).toBe('');
    expect(layers.get(fin)).toBe(':http:data-text-lines');
  });
});

describe('withTcpPayloadLayers', () => {
  it('replaces what follows tcp (keeping an mptcp right after it)', () => {
    expect(withTcpPayloadLayers('sll:ethertype:ip:tcp:http', '')).toBe('sll:ethertype:ip:tcp');
    expect(withTcpPayloadLayers('eth:ethertype:ip:tcp', ':http:json')).toBe('eth:ethertype:ip:tcp:http:json');
    expect(withTcpPayloadLayers('eth:ethertype:ip:tcp:mptcp:data', '')).toBe('eth:ethertype:ip:tcp:mptcp');
    expect(withTcpPayloadLayers('eth:ethertype:ip:udp:dns', '')).toBe('eth:ethertype:ip:udp:dns');
  });
});
